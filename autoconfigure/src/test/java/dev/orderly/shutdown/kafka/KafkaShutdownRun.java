package dev.orderly.shutdown.kafka;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.orderly.shutdown.testsupport.ChildJvm;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.awaitility.Awaitility.await;

/**
 * One run of the Kafka write-behind scenario against a running broker: start the service,
 * produce a steady stream of records (ids 0, 1, 2, ...), send SIGTERM mid-stream, wait for
 * the exit, start the service again in the same consumer group, keep producing, stop, wait
 * until the store holds every record and the second service has sent the notifications of its
 * share (or the wait runs out), and stop the service again. Then count, from the store:
 * records lost (acknowledged by the broker, never persisted) and redelivered (persisted
 * twice); and, from the notification log, the {@code @Async} notifications the first
 * shutdown dropped. Used by {@link KafkaShutdownTests} and by
 * {@link KafkaShutdownBenchmark}.
 */
final class KafkaShutdownRun {

	private final Variant variant;

	private final String bootstrapServers;

	private final String topic;

	private final Path directory;

	private final int recordsPerSecond;

	private KafkaShutdownRun(Variant variant, String bootstrapServers, String topic, Path directory,
			int recordsPerSecond) {
		this.variant = variant;
		this.bootstrapServers = bootstrapServers;
		this.topic = topic;
		this.directory = directory;
		this.recordsPerSecond = recordsPerSecond;
	}

	/**
	 * Run the scenario once.
	 * @param variant the service with or without the starter
	 * @param bootstrapServers the broker
	 * @param topic the topic, used by this run alone
	 * @param directory where the store, the report file and the logs go
	 * @param recordsPerSecond the rate of the stream
	 * @param beforeSigterm how long to produce, once the service persists records, before SIGTERM
	 * @return what the store holds against what was produced
	 * @throws Exception if a process cannot be started or signalled
	 */
	static Result run(Variant variant, String bootstrapServers, String topic, Path directory, int recordsPerSecond,
			Duration beforeSigterm) throws Exception {
		return new KafkaShutdownRun(variant, bootstrapServers, topic, directory, recordsPerSecond)
			.run(beforeSigterm);
	}

	private Result run(Duration beforeSigterm) throws Exception {
		Files.createDirectories(this.directory);
		RecordFile store = new RecordFile(this.directory.resolve("store.txt"));
		RecordFile notified = new RecordFile(this.directory.resolve("notified.txt"));
		Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
		List<String> firstRunOutput;
		Duration sigtermToExit;
		Set<Integer> persistedByFirst;
		try (RecordStream stream = new RecordStream(acknowledged)) {
			try (ChildJvm first = start(1)) {
				stream.start();
				// the consumers have joined the group and the periodic flush persists records
				await().atMost(Duration.ofSeconds(30)).until(() -> store.read().size() > this.recordsPerSecond / 2);
				Thread.sleep(beforeSigterm.toMillis());
				long sent = System.nanoTime();
				first.sigterm();
				if (!first.waitForExit(Duration.ofSeconds(60))) {
					throw new IllegalStateException("The service did not exit within 60 s of SIGTERM:\n" + first.log());
				}
				sigtermToExit = Duration.ofNanos(System.nanoTime() - sent);
				firstRunOutput = List.copyOf(first.output());
				persistedByFirst = store.read().keySet();
				Files.write(this.directory.resolve("first-run.log"), firstRunOutput);
			}
			try (ChildJvm second = start(2)) {
				Thread.sleep(1000);
				stream.stop();
				try {
					await().atMost(Duration.ofSeconds(30))
						.pollInterval(Duration.ofMillis(200))
						.until(() -> store.read().keySet().containsAll(acknowledged)
								&& notified.read().keySet().containsAll(secondRunsShare(acknowledged, persistedByFirst)));
				}
				catch (org.awaitility.core.ConditionTimeoutException ex) {
					// some records or notifications are lost: counted below
				}
				second.sigterm();
				second.waitForExit(Duration.ofSeconds(60));
				Files.write(this.directory.resolve("second-run.log"), second.output());
			}
		}
		Map<Integer, Long> persisted = store.read();
		int lost = (int) acknowledged.stream().filter((id) -> !persisted.containsKey(id)).count();
		int redelivered = (int) persisted.values().stream().filter((times) -> times > 1).count();
		Set<Integer> sent = notified.read().keySet();
		int notificationsDropped = (int) persisted.keySet().stream().filter((id) -> !sent.contains(id)).count();
		return new Result(this.variant, acknowledged.size(), persisted.size(), lost, redelivered,
				notificationsDropped, sigtermToExit, firstRunOutput, this.directory.resolve("report-1.jsonl"));
	}

	/**
	 * The records the second service handles: those the first did not persist. Their
	 * notifications are sent before the second service is stopped, so that only the first
	 * shutdown can drop any.
	 */
	private static Set<Integer> secondRunsShare(Set<Integer> acknowledged, Set<Integer> persistedByFirst) {
		Set<Integer> share = new HashSet<>(acknowledged);
		share.removeAll(persistedByFirst);
		return share;
	}

	private ChildJvm start(int run) throws IOException {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
				"--app.bootstrap-servers=" + this.bootstrapServers, "--app.topic=" + this.topic,
				"--app.group=" + this.topic + "-group", "--app.store=" + this.directory.resolve("store.txt"),
				"--app.notified=" + this.directory.resolve("notified.txt")));
		if (this.variant == Variant.STARTER) {
			args.add("--orderly.shutdown.report.file=" + this.directory.resolve("report-" + run + ".jsonl"));
		}
		ChildJvm jvm = ChildJvm.start(this.variant.classPath(System.getProperty("java.class.path")),
				this.variant.mainClass, args);
		try {
			// a Kafka and web service starts in 5 to 30 s on a loaded 2-core machine
			jvm.awaitLine((line) -> line.startsWith(WriteBehindKafkaConfiguration.READY), Duration.ofSeconds(90));
			return jvm;
		}
		catch (RuntimeException | Error ex) {
			jvm.close();
			throw new IllegalStateException("Service " + run + " not ready:\n" + jvm.log(), ex);
		}
	}

	/**
	 * The service run: with the starter, or the usual Spring Boot way on a class path without
	 * it.
	 */
	enum Variant {

		STARTER(KafkaWriteBehindApplication.class, "with the starter"),

		PLAIN_BOOT(PlainBootWriteBehindApplication.class, "plain Boot (@PreDestroy flush)");

		private final Class<?> mainClass;

		private final String description;

		Variant(Class<?> mainClass, String description) {
			this.mainClass = mainClass;
			this.description = description;
		}

		String description() {
			return this.description;
		}

		/**
		 * The class path of the service: the test class path, without the starter's classes
		 * for plain Boot.
		 */
		String classPath(String testClassPath) {
			if (this == STARTER) {
				return testClassPath;
			}
			String starterClasses = KafkaWriteBehindApplication.class.getProtectionDomain()
				.getCodeSource()
				.getLocation()
				.getPath()
				.replaceAll("test-classes/?$", "classes");
			List<String> kept = new ArrayList<>();
			for (String entry : testClassPath.split(File.pathSeparator)) {
				if (!Path.of(entry).toAbsolutePath().equals(Path.of(starterClasses).toAbsolutePath())
						&& !entry.contains("orderly-shutdown-spring-boot")) {
					kept.add(entry);
				}
			}
			return String.join(File.pathSeparator, kept);
		}

	}

	/**
	 * What one run produced and what the store holds.
	 * @param variant the service
	 * @param produced records the broker acknowledged
	 * @param persisted distinct records in the store
	 * @param lost records produced and never persisted
	 * @param redelivered records persisted more than once
	 * @param notificationsDropped records persisted whose {@code @Async} notification never
	 * completed: dropped by a shutdown
	 * @param sigtermToExit from SIGTERM to the exit of the first service
	 * @param firstRunOutput everything the first service printed
	 * @param firstRunReport the first service's report file (with the starter)
	 */
	record Result(Variant variant, int produced, int persisted, int lost, int redelivered, int notificationsDropped,
			Duration sigtermToExit, List<String> firstRunOutput, Path firstRunReport) {

		/**
		 * How many records the first service's flush at shutdown persisted.
		 * @return the number, or -1 if it did not say
		 */
		int flushedAtShutdown() {
			return this.firstRunOutput.stream()
				.filter((line) -> line.startsWith(WriteBehindKafkaConfiguration.FLUSHED))
				.mapToInt((line) -> Integer.parseInt(line.substring(WriteBehindKafkaConfiguration.FLUSHED.length())))
				.findFirst()
				.orElse(-1);
		}

		@Override
		public String toString() {
			return String.format("%-32s produced %5d  persisted %5d  lost %3d  redelivered %3d  "
					+ "flushed at shutdown %3d  @Async dropped %4d  SIGTERM to exit %5d ms", this.variant.description(),
					this.produced, this.persisted, this.lost, this.redelivered, flushedAtShutdown(),
					this.notificationsDropped, this.sigtermToExit.toMillis());
		}

	}

	/**
	 * A steady stream of records at the run's rate, ids from 0, each sent with its id as key
	 * (spread over the partitions) and value; the ids the broker acknowledged are collected.
	 */
	private final class RecordStream implements AutoCloseable {

		private final KafkaProducer<String, String> producer;

		private final Set<Integer> acknowledged;

		private final AtomicBoolean running = new AtomicBoolean();

		private final Thread thread = new Thread(this::produce, "record-stream");

		RecordStream(Set<Integer> acknowledged) {
			this.acknowledged = acknowledged;
			this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
					KafkaShutdownRun.this.bootstrapServers, ProducerConfig.ACKS_CONFIG, "all",
					ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
					ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
		}

		void start() {
			this.running.set(true);
			this.thread.start();
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.thread.join();
			this.producer.flush();
		}

		private void produce() {
			long start = System.nanoTime();
			int next = 0;
			while (this.running.get()) {
				long due = (System.nanoTime() - start) * KafkaShutdownRun.this.recordsPerSecond / 1_000_000_000L;
				for (; next < due; next++) {
					int id = next;
					String value = Integer.toString(id);
					this.producer.send(new ProducerRecord<>(KafkaShutdownRun.this.topic, value, value),
							(metadata, ex) -> {
								if (ex == null) {
									this.acknowledged.add(id);
								}
							});
				}
				try {
					Thread.sleep(5);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}

		@Override
		public void close() throws InterruptedException {
			if (this.running.get()) {
				stop();
			}
			this.producer.close(Duration.ofSeconds(5));
		}

	}

}
