package dev.orderly.shutdown.internal.threads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The stack of one thread at one moment, cut to the frames that say where it is stuck: the
 * top {@value #TOP_FRAMES} frames (where it blocks), plus the first application frame if it
 * lies deeper (whose code it is), without the executor, reflection and starter frames below
 * the application's code.
 *
 * @param name the thread's name
 * @param state the thread's state when captured
 * @param frames the frames that matter, top first, each as {@code class.method(File.java:42)};
 * a {@code "... N more"} entry stands for the frames left out between the top and the
 * application frame
 */
public record ThreadStack(String name, Thread.State state, List<String> frames) {

	/** Frames kept from the top: enough to see the blocking call and what called it. */
	static final int TOP_FRAMES = 8;

	/** Frames of code that waits for, runs or calls the application's code, not the application's own. */
	private static final List<String> INFRASTRUCTURE = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
			"org.springframework.", "dev.orderly.shutdown.internal.");

	private static final String MORE = "... ";

	/** In the name of the class the JVM generates for a lambda, such as {@code Outbox$$Lambda/0x0001.run}. */
	private static final String LAMBDA_CLASS = "$$Lambda";

	public ThreadStack {
		frames = List.copyOf(frames);
	}

	/**
	 * Capture a thread's stack now.
	 * @param thread the thread
	 * @return its stack, cut to the frames that matter
	 */
	public static ThreadStack of(Thread thread) {
		return of(thread, thread.getStackTrace());
	}

	/**
	 * Cut a captured stack to the frames that matter.
	 * @param thread the thread
	 * @param stack its stack, as {@link Thread#getStackTrace()} or
	 * {@link Thread#getAllStackTraces()} gives it
	 * @return the stack
	 */
	public static ThreadStack of(Thread thread, StackTraceElement[] stack) {
		// a lambda's generated class says nothing its host method does not
		List<StackTraceElement> all = Arrays.stream(stack)
			.filter((frame) -> !frame.getClassName().contains(LAMBDA_CLASS))
			.toList();
		int firstApplication = indexOfFirstApplicationFrame(all);
		int lastApplication = -1;
		for (int i = all.size() - 1; i >= 0 && lastApplication < 0; i--) {
			if (isApplication(all.get(i).getClassName())) {
				lastApplication = i;
			}
		}
		// below the application's code there is only whoever called it: the pool, reflection, the starter
		List<StackTraceElement> relevant = (lastApplication >= 0) ? all.subList(0, lastApplication + 1) : all;
		List<String> frames = new ArrayList<>();
		for (int i = 0; i < Math.min(TOP_FRAMES, relevant.size()); i++) {
			frames.add(format(relevant.get(i)));
		}
		if (firstApplication >= TOP_FRAMES) {
			if (firstApplication > TOP_FRAMES) {
				frames.add(MORE + (firstApplication - TOP_FRAMES) + " more");
			}
			frames.add(format(relevant.get(firstApplication)));
		}
		return new ThreadStack(thread.getName(), thread.getState(), frames);
	}

	/**
	 * Whether the thread runs the given class's code (the class itself or a class nested in
	 * it, such as its lambdas' and anonymous classes' hosts).
	 * @param stack the thread's stack
	 * @param type the class
	 * @return whether a frame of the stack is in that class
	 */
	public static boolean runs(StackTraceElement[] stack, Class<?> type) {
		String name = type.getName();
		return Arrays.stream(stack)
			.map(StackTraceElement::getClassName)
			.anyMatch((frame) -> frame.equals(name) || frame.startsWith(name + "$"));
	}

	/**
	 * Where the thread blocks and whose code it is, in one line.
	 * @return for example {@code sun.nio.ch.NioSocketImpl.park(NioSocketImpl.java:191) <-
	 * com.acme.Outbox.flush(Outbox.java:42)}
	 */
	public String summary() {
		return summary(this.frames);
	}

	/**
	 * Where a stack blocks and whose code it is, in one line: its top frame and its first
	 * application frame.
	 * @param frames frames as a {@link ThreadStack} holds them
	 * @return the line, empty for no frames
	 */
	public static String summary(List<String> frames) {
		if (frames.isEmpty()) {
			return "";
		}
		String top = frames.get(0);
		String application = frames.stream()
			.filter((frame) -> !frame.startsWith(MORE) && isApplication(frame))
			.findFirst()
			.orElse(null);
		return (application == null || application.equals(top)) ? top : top + " <- " + application;
	}

	/**
	 * The stack as log lines below a heading, indented like a Java stack trace.
	 * @return the thread's name and state, then one {@code at} line per frame
	 */
	public String describe() {
		StringBuilder text = new StringBuilder("thread '").append(this.name).append("' (").append(this.state).append(')');
		this.frames.forEach((frame) -> text.append("\n      ").append(frame.startsWith(MORE) ? "" : "at ").append(frame));
		return text.toString();
	}

	private static int indexOfFirstApplicationFrame(List<StackTraceElement> stack) {
		for (int i = 0; i < stack.size(); i++) {
			if (isApplication(stack.get(i).getClassName())) {
				return i;
			}
		}
		return -1;
	}

	private static boolean isApplication(String classOrFrame) {
		return INFRASTRUCTURE.stream().noneMatch(classOrFrame::startsWith);
	}

	private static String format(StackTraceElement frame) {
		return frame.getClassName() + "." + frame.getMethodName() + "(" + location(frame) + ")";
	}

	private static String location(StackTraceElement frame) {
		if (frame.isNativeMethod()) {
			return "Native Method";
		}
		@Nullable String file = frame.getFileName();
		if (file == null) {
			return "Unknown Source";
		}
		return (frame.getLineNumber() >= 0) ? file + ":" + frame.getLineNumber() : file;
	}

}
