package dev.orderly.shutdown.kafka;

import java.io.BufferedWriter;
import java.io.FileWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A file of record ids, one a line, appended to by the Kafka test service (the store of the
 * write-behind buffer, the log of the {@code @Async} notifications) and read by the test.
 */
final class RecordFile {

	private final Path path;

	RecordFile(Path path) {
		this.path = path;
	}

	/**
	 * Append ids, each on a line of its own.
	 * @param ids the record ids
	 * @throws IOException if the file cannot be written
	 */
	synchronized void append(List<String> ids) throws IOException {
		// A FileWriter, not an interruptible NIO channel (Files.newBufferedWriter): a writer whose
		// thread is interrupted, as an executor's shutdownNow() does, still writes its lines.
		try (BufferedWriter out = new BufferedWriter(new FileWriter(this.path.toFile(), StandardCharsets.UTF_8, true))) {
			for (String id : ids) {
				out.write(id);
				out.newLine();
			}
		}
	}

	/**
	 * The ids written so far, with how many times each was written; a line being written may
	 * be incomplete: only whole lines count.
	 * @return the number of lines per id
	 * @throws IOException if the file cannot be read
	 */
	Map<Integer, Long> read() throws IOException {
		if (!Files.exists(this.path)) {
			return Map.of();
		}
		String text = Files.readString(this.path);
		int end = text.lastIndexOf('\n');
		if (end < 0) {
			return Map.of();
		}
		return List.of(text.substring(0, end).split("\n"))
			.stream()
			.map(Integer::valueOf)
			.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
	}

}
