package dev.orderly.shutdown.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.orderly.shutdown.kafka.KafkaShutdownRun.Result;
import dev.orderly.shutdown.kafka.KafkaShutdownRun.Variant;
import org.apache.kafka.clients.admin.NewTopic;

import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * The Kafka benchmark behind {@code benchmarks/kafka-shutdown.sh}: the
 * {@link KafkaShutdownRun} scenario, with the starter and with plain Boot alternately, each run
 * on a topic of its own on one embedded broker. Prints a line per run and a summary per
 * variant, and writes them to {@code summary.txt} in the output directory.
 * <p>
 * Arguments: runs per variant (default 5), output directory, records per second (default
 * 300), seconds of stream before SIGTERM (default 2).
 */
public final class KafkaShutdownBenchmark {

	private KafkaShutdownBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		Path out = Path.of((args.length > 1) ? args[1] : "target/kafka-shutdown");
		int rate = (args.length > 2) ? Integer.parseInt(args[2]) : 300;
		Duration beforeSigterm = Duration.ofSeconds((args.length > 3) ? Integer.parseInt(args[3]) : 2);
		List<String> lines = new ArrayList<>();
		List<Result> results = new ArrayList<>();
		EmbeddedKafkaBroker broker = KafkaTestBroker.start();
		try {
			for (int run = 1; run <= runs; run++) {
				for (Variant variant : Variant.values()) {
					String topic = "records-" + variant.name().toLowerCase() + "-" + run;
					broker.addTopics(new NewTopic(topic, KafkaTestBroker.PARTITIONS, (short) 1));
					Result result = KafkaShutdownRun.run(variant, broker.getBrokersAsString(), topic,
							out.resolve(topic), rate, beforeSigterm);
					results.add(result);
					lines.add(print("run " + run + ": " + result));
				}
			}
		}
		finally {
			broker.destroy();
		}
		lines.add(print(""));
		for (Variant variant : Variant.values()) {
			List<Result> own = results.stream().filter((result) -> result.variant() == variant).toList();
			List<Long> exits = own.stream().map((result) -> result.sigtermToExit().toMillis()).sorted().toList();
			lines.add(print(String.format(
					"%-32s runs %d  produced %6d  lost %4d (runs with a loss: %d)  redelivered %4d  "
							+ "@Async dropped %5d  SIGTERM to exit median %5d ms (min %d, max %d)",
					variant.description(), own.size(), own.stream().mapToInt(Result::produced).sum(),
					own.stream().mapToInt(Result::lost).sum(), own.stream().filter((result) -> result.lost() > 0).count(),
					own.stream().mapToInt(Result::redelivered).sum(),
					own.stream().mapToInt(Result::notificationsDropped).sum(), exits.get(exits.size() / 2), exits.get(0),
					exits.get(exits.size() - 1))));
		}
		Files.createDirectories(out);
		Files.write(out.resolve("summary.txt"), lines);
	}

	private static String print(String line) {
		System.out.println(line);
		return line;
	}

}
