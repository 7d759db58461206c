package dev.orderly.shutdown.internal.threads;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadStackTests {

	private static final StackTraceElement[] SOCKET_READ_IN_A_TASK = {
			frame("sun.nio.ch.Net", "poll", null, -2), frame("sun.nio.ch.NioSocketImpl", "park", "NioSocketImpl.java", 186),
			frame("sun.nio.ch.NioSocketImpl", "park", "NioSocketImpl.java", 195),
			frame("sun.nio.ch.NioSocketImpl", "implRead", "NioSocketImpl.java", 309),
			frame("sun.nio.ch.NioSocketImpl", "read", "NioSocketImpl.java", 346),
			frame("sun.nio.ch.NioSocketImpl$1", "read", "NioSocketImpl.java", 796),
			frame("java.net.Socket$SocketInputStream", "read", "Socket.java", 1099),
			frame("java.net.Socket$SocketInputStream", "read", "Socket.java", 1093),
			frame("java.io.BufferedInputStream", "read", "BufferedInputStream.java", 270),
			frame("com.acme.Outbox", "flush", "Outbox.java", 42),
			frame("com.acme.Outbox", "lambda$task$0", "Outbox.java", 30),
			frame("dev.orderly.shutdown.internal.engine.TaskExecution", "execute", "TaskExecution.java", 76),
			frame("java.util.concurrent.FutureTask", "run", "FutureTask.java", 264),
			frame("java.util.concurrent.ThreadPoolExecutor", "runWorker", "ThreadPoolExecutor.java", 1136),
			frame("java.util.concurrent.ThreadPoolExecutor$Worker", "run", "ThreadPoolExecutor.java", 635),
			frame("java.lang.Thread", "run", "Thread.java", 840) };

	@Test
	void aDeepBlockingCallKeepsTheTopFramesAndTheApplicationFrameWithoutThePoolBelowIt() {
		ThreadStack stack = ThreadStack.of(new Thread("orderly-shutdown-flush-1"), SOCKET_READ_IN_A_TASK);
		assertThat(stack.name()).isEqualTo("orderly-shutdown-flush-1");
		assertThat(stack.frames()).containsExactly("sun.nio.ch.Net.poll(Native Method)",
				"sun.nio.ch.NioSocketImpl.park(NioSocketImpl.java:186)",
				"sun.nio.ch.NioSocketImpl.park(NioSocketImpl.java:195)",
				"sun.nio.ch.NioSocketImpl.implRead(NioSocketImpl.java:309)",
				"sun.nio.ch.NioSocketImpl.read(NioSocketImpl.java:346)",
				"sun.nio.ch.NioSocketImpl$1.read(NioSocketImpl.java:796)",
				"java.net.Socket$SocketInputStream.read(Socket.java:1099)",
				"java.net.Socket$SocketInputStream.read(Socket.java:1093)", "... 1 more",
				"com.acme.Outbox.flush(Outbox.java:42)");
		assertThat(stack.summary())
			.isEqualTo("sun.nio.ch.Net.poll(Native Method) <- com.acme.Outbox.flush(Outbox.java:42)");
	}

	@Test
	void aShallowStackKeepsEveryFrameDownToTheApplicationsLastButNotTheLambdasGeneratedClass() {
		StackTraceElement[] sleeping = { frame("java.lang.Thread", "sleep0", null, -2),
				frame("java.lang.Thread", "sleep", "Thread.java", 509), frame("com.acme.Poller", "poll", "Poller.java", 12),
				frame("com.acme.Poller$$Lambda/0x00007f6748385b30", "run", null, -1),
				frame("java.lang.Thread", "run", "Thread.java", 840) };
		ThreadStack stack = ThreadStack.of(new Thread("poller"), sleeping);
		assertThat(stack.frames()).containsExactly("java.lang.Thread.sleep0(Native Method)",
				"java.lang.Thread.sleep(Thread.java:509)", "com.acme.Poller.poll(Poller.java:12)");
		assertThat(stack.describe()).isEqualTo("""
				thread 'poller' (NEW)
				      at java.lang.Thread.sleep0(Native Method)
				      at java.lang.Thread.sleep(Thread.java:509)
				      at com.acme.Poller.poll(Poller.java:12)""");
	}

	@Test
	void aStackWithoutApplicationCodeKeepsItsTopFramesAndItsSummaryIsTheBlockingFrame() {
		StackTraceElement[] frames = new StackTraceElement[20];
		for (int i = 0; i < frames.length; i++) {
			frames[i] = frame("java.util.concurrent.locks.LockSupport", "park" + i, "LockSupport.java", i);
		}
		ThreadStack stack = ThreadStack.of(new Thread("waiting"), frames);
		assertThat(stack.frames()).hasSize(8).first().isEqualTo("java.util.concurrent.locks.LockSupport.park0(LockSupport.java:0)");
		assertThat(stack.summary()).isEqualTo("java.util.concurrent.locks.LockSupport.park0(LockSupport.java:0)");
	}

	@Test
	void aThreadRunsTheCodeOfAClassAndOfTheClassesNestedInIt() {
		StackTraceElement[] frames = { frame("java.lang.Thread", "sleep", "Thread.java", 509),
				frame("com.acme.Container$Stopper", "run", "Container.java", 80) };
		assertThat(ThreadStack.runs(frames, Outer.class)).isFalse();
		StackTraceElement[] nested = { frame(Outer.Inner.class.getName(), "run", "ThreadStackTests.java", 1) };
		assertThat(ThreadStack.runs(nested, Outer.class)).isTrue();
		assertThat(ThreadStack.runs(nested, Outer.Inner.class)).isTrue();
	}

	private static StackTraceElement frame(String type, String method, String file, int line) {
		return new StackTraceElement(type, method, file, line);
	}

	static class Outer {

		static class Inner {

		}

	}

}
