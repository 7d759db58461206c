package dev.orderly.shutdown.internal.report.file;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.orderly.shutdown.ShutdownOutcome;
import dev.orderly.shutdown.ShutdownTrigger;
import dev.orderly.shutdown.internal.threads.ThreadStack;
import dev.orderly.shutdown.report.ShutdownReport;
import dev.orderly.shutdown.report.StageReport;
import dev.orderly.shutdown.report.TaskReport;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The report file's line format: one JSON object per event, and the way back from a run's
 * lines to a {@link ShutdownReport}. Durations are whole milliseconds, instants ISO-8601.
 *
 * <pre>
 * {"event":"run_started","run":"…","time":"…","trigger":"jvm_shutdown","reason":null,"started":"…","budget_ms":30000}
 * {"event":"stage_started","run":"…","time":"…","stage":"flush"}
 * {"event":"task_finished","run":"…","time":"…","stage":"flush","task":"outbox","source":"…","started":"…","duration_ms":12,"timeout_ms":5000,"outcome":"completed","error":null}
 * {"event":"task_finished",…,"outcome":"timed_out","error":"cancelled after 2 s","thread":"orderly-shutdown-flush-1","stack":["sun.nio.ch.NioSocketImpl.park(NioSocketImpl.java:191)",…,"com.acme.Outbox.flush(Outbox.java:42)"]}
 * {"event":"stage_finished","run":"…","time":"…","stage":"flush","started":"…","duration_ms":13,"timeout_ms":5000,"outcome":"completed","detail":null,"counts":{}}
 * {"event":"run_finished","run":"…","time":"…","duration_ms":1270,"outcome":"completed"}
 * {"event":"process_not_exited","run":"…","time":"…","cause":"non_daemon_threads","after_close_ms":2000,"threads":[{"name":"poller","state":"TIMED_WAITING","stack":[…]}]}
 * {"event":"process_halted","run":"…","time":"…","halt_after_ms":40000,"status":124,"threads":[…]}
 * </pre>
 */
final class ReportEvents {

	static final String RUN_STARTED = "run_started";

	static final String STAGE_STARTED = "stage_started";

	static final String TASK_FINISHED = "task_finished";

	static final String STAGE_FINISHED = "stage_finished";

	static final String RUN_FINISHED = "run_finished";

	static final String PROCESS_NOT_EXITED = "process_not_exited";

	static final String PROCESS_HALTED = "process_halted";

	private static final String UNFINISHED = "unfinished: the process ended during this stage";

	private final JsonMapper mapper = JsonMapper.builder().build();

	String runStarted(ShutdownReport run) {
		Map<String, Object> line = header(RUN_STARTED, run.id());
		line.put("trigger", run.trigger().label());
		line.put("reason", run.reason());
		line.put("started", run.startedAt().toString());
		line.put("budget_ms", run.budget().toMillis());
		return write(line);
	}

	String stageStarted(ShutdownReport run, String stage) {
		Map<String, Object> line = header(STAGE_STARTED, run.id());
		line.put("stage", stage);
		return write(line);
	}

	String taskFinished(ShutdownReport run, String stage, TaskReport task) {
		Map<String, Object> line = header(TASK_FINISHED, run.id());
		line.put("stage", stage);
		line.put("task", task.name());
		line.put("source", task.source());
		line.put("started", task.startedAt().toString());
		line.put("duration_ms", task.duration().toMillis());
		line.put("timeout_ms", task.timeout().toMillis());
		line.put("outcome", task.outcome().label());
		line.put("error", task.error());
		if (!task.stack().isEmpty()) {
			line.put("thread", task.thread());
			line.put("stack", task.stack());
		}
		return write(line);
	}

	String stageFinished(ShutdownReport run, StageReport stage) {
		Map<String, Object> line = header(STAGE_FINISHED, run.id());
		line.put("stage", stage.name());
		line.put("started", stage.startedAt().toString());
		line.put("duration_ms", stage.duration().toMillis());
		line.put("timeout_ms", stage.timeout().toMillis());
		line.put("outcome", stage.outcome().label());
		line.put("detail", stage.detail());
		line.put("counts", stage.counts());
		return write(line);
	}

	String runFinished(ShutdownReport run) {
		Map<String, Object> line = header(RUN_FINISHED, run.id());
		line.put("duration_ms", run.duration().toMillis());
		line.put("outcome", run.outcome().label());
		return write(line);
	}

	String processNotExited(ShutdownReport run, String cause, Duration afterClose, List<ThreadStack> threads) {
		Map<String, Object> line = header(PROCESS_NOT_EXITED, run.id());
		line.put("cause", cause);
		line.put("after_close_ms", afterClose.toMillis());
		line.put("threads", threads(threads));
		return write(line);
	}

	String processHalted(ShutdownReport run, Duration haltAfter, int status, List<ThreadStack> threads) {
		Map<String, Object> line = header(PROCESS_HALTED, run.id());
		line.put("halt_after_ms", haltAfter.toMillis());
		line.put("status", status);
		line.put("threads", threads(threads));
		return write(line);
	}

	private static List<Map<String, Object>> threads(List<ThreadStack> threads) {
		List<Map<String, Object>> lines = new ArrayList<>();
		for (ThreadStack thread : threads) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("name", thread.name());
			entry.put("state", thread.state().name());
			entry.put("stack", thread.frames());
			lines.add(entry);
		}
		return lines;
	}

	/**
	 * Parse one line; {@code null} for a line that is not a complete event (such as the
	 * last line of a file whose writer was killed mid-line).
	 */
	@Nullable JsonNode parse(String line) {
		try {
			JsonNode node = this.mapper.readTree(line);
			return (node != null && node.isObject() && node.hasNonNull("event") && node.hasNonNull("run")) ? node
					: null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Rebuild the report of one run from its events, in file order. A run whose process was
	 * killed has {@code finished == false}, and the stage it was in is reported as
	 * {@code timed_out} with the tasks that had finished.
	 */
	@Nullable ShutdownReport rebuild(List<JsonNode> events) {
		if (events.isEmpty() || !RUN_STARTED.equals(text(events.get(0), "event"))) {
			return null;
		}
		JsonNode start = events.get(0);
		// files of the first release have no "started" on this line; its time is close
		Instant startedAt = Instant.parse(text(start, start.hasNonNull("started") ? "started" : "time"));
		List<StageReport> stages = new ArrayList<>();
		Map<String, List<TaskReport>> tasks = new LinkedHashMap<>();
		Map<String, Instant> stageStarts = new LinkedHashMap<>();
		Instant last = startedAt;
		boolean finished = false;
		Duration duration = Duration.ZERO;
		for (JsonNode event : events) {
			last = Instant.parse(text(event, "time"));
			String stage = text(event, "stage");
			switch (text(event, "event")) {
				case STAGE_STARTED -> {
					stageStarts.put(stage, last);
					tasks.put(stage, new ArrayList<>());
				}
				case TASK_FINISHED -> tasks.computeIfAbsent(stage, (name) -> new ArrayList<>())
					.add(new TaskReport(text(event, "task"), text(event, "source"),
							Instant.parse(text(event, "started")), millis(event, "duration_ms"),
							millis(event, "timeout_ms"), outcome(event), nullableText(event, "error"),
							nullableText(event, "thread"), texts(event.path("stack"))));
				case STAGE_FINISHED -> {
					stageStarts.remove(stage);
					stages.add(new StageReport(stage, Instant.parse(text(event, "started")),
							millis(event, "duration_ms"), millis(event, "timeout_ms"), outcome(event),
							nullableText(event, "detail"), counts(event), tasks.getOrDefault(stage, List.of())));
				}
				case RUN_FINISHED -> {
					finished = true;
					duration = millis(event, "duration_ms");
				}
				default -> {
				}
			}
		}
		for (Map.Entry<String, Instant> open : stageStarts.entrySet()) {
			stages.add(new StageReport(open.getKey(), open.getValue(), Duration.between(open.getValue(), last),
					Duration.ZERO, ShutdownOutcome.TIMED_OUT, UNFINISHED, Map.of(),
					tasks.getOrDefault(open.getKey(), List.of())));
		}
		if (!finished) {
			duration = Duration.between(startedAt, last);
		}
		return new ShutdownReport(text(start, "run"), ShutdownTrigger.ofLabel(text(start, "trigger")),
				nullableText(start, "reason"), startedAt, duration, millis(start, "budget_ms"), finished, stages);
	}

	private Map<String, Object> header(String event, String run) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("event", event);
		line.put("run", run);
		line.put("time", Instant.now().toString());
		return line;
	}

	private String write(Map<String, Object> line) {
		return this.mapper.writeValueAsString(line);
	}

	private static String text(JsonNode node, String field) {
		return node.path(field).asString();
	}

	private static @Nullable String nullableText(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value == null || value.isNull()) ? null : value.asString();
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.values().forEach((value) -> texts.add(value.asString()));
		return texts;
	}

	private static Duration millis(JsonNode node, String field) {
		return Duration.ofMillis(node.path(field).asLong());
	}

	private static ShutdownOutcome outcome(JsonNode node) {
		return ShutdownOutcome.valueOf(text(node, "outcome").toUpperCase(java.util.Locale.ROOT));
	}

	private static Map<String, Long> counts(JsonNode node) {
		Map<String, Long> counts = new LinkedHashMap<>();
		node.path("counts").properties().forEach((entry) -> counts.put(entry.getKey(), entry.getValue().asLong()));
		return counts;
	}

}
