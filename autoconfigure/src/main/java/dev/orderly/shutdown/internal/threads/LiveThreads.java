package dev.orderly.shutdown.internal.threads;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The threads that keep a JVM alive: every live platform thread that is not a daemon,
 * except the JVM's own launcher thread, which waits for them.
 */
public final class LiveThreads {

	/** The thread the {@code java} launcher leaves behind to wait for the last non-daemon thread. */
	private static final String LAUNCHER = "DestroyJavaVM";

	private static final String MAIN = "main";

	private LiveThreads() {
	}

	/**
	 * The live non-daemon threads other than the caller, with their stacks, by name.
	 * @return the threads
	 */
	public static List<ThreadStack> nonDaemon() {
		Thread self = Thread.currentThread();
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey() != self && !entry.getKey().isDaemon() && entry.getKey().isAlive()
					&& !LAUNCHER.equals(entry.getKey().getName()))
			.map((entry) -> ThreadStack.of(entry.getKey(), entry.getValue()))
			.sorted(Comparator.comparing(ThreadStack::name))
			.toList();
	}

	/**
	 * Whether the JVM's {@code main} thread still runs: the launcher's thread running the
	 * {@code main} method, which ends when that method returns.
	 * @return whether a non-daemon thread named {@code main} is alive
	 */
	public static boolean mainRunning() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.anyMatch((thread) -> MAIN.equals(thread.getName()) && !thread.isDaemon() && thread.isAlive());
	}

	/**
	 * The first live thread, other than the caller and the given one, that runs a class's code.
	 * @param type the class
	 * @param except a thread not to look at, such as the one waiting for the others
	 * @return its stack, or {@code null} if no thread runs that code
	 */
	public static @Nullable ThreadStack runningCodeOf(Class<?> type, Thread except) {
		Thread self = Thread.currentThread();
		return Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey() != self && entry.getKey() != except
					&& ThreadStack.runs(entry.getValue(), type))
			.sorted(Map.Entry.comparingByKey(Comparator.comparing(Thread::getName)))
			.map((entry) -> ThreadStack.of(entry.getKey(), entry.getValue()))
			.findFirst()
			.orElse(null);
	}

}
