package dev.orderly.shutdown.internal.report.file;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Reads the events of a report file, skipping every line that is not one: a line that is not
 * UTF-8 (such as the last line of a process killed in the middle of a multi-byte character),
 * a cut or garbled JSON object, or a file that is not a report at all. Each skipped line is
 * logged with the file and its line number; what is in the file never stops startup.
 */
final class ReportFileReader {

	private static final Log logger = LogFactory.getLog(ReportFileReader.class);

	/** Events are well under a kilobyte; longer lines are not events and are not kept in memory. */
	private static final int MAX_LINE_BYTES = 1024 * 1024;

	/** Lines logged one by one; the rest of a garbled file is counted in one summary. */
	private static final int MAX_WARNINGS = 5;

	private final ReportEvents events;

	ReportFileReader(ReportEvents events) {
		this.events = events;
	}

	/**
	 * Read every event line of the file.
	 * @param path the file, which may not exist
	 * @return the events in file order (none if the file does not exist)
	 * @throws IOException if the file cannot be read at all
	 */
	List<Event> read(Path path) throws IOException {
		List<Event> read = new ArrayList<>();
		if (!Files.exists(path)) {
			return read;
		}
		int skipped = 0;
		try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
			LineBytes line = new LineBytes();
			for (int number = 1; line.readFrom(in); number++) {
				String text = line.text();
				JsonNode node = (text != null) ? this.events.parse(text) : null;
				if (node != null) {
					read.add(new Event(text, node));
				}
				else if ((text == null || !text.isBlank()) && ++skipped <= MAX_WARNINGS) {
					logger.warn("Skipped line " + number + " of shutdown report file " + path + ": "
							+ whyUnreadable(line, text));
				}
			}
		}
		if (skipped > MAX_WARNINGS) {
			logger.warn("Skipped " + skipped + " unreadable lines in all of shutdown report file " + path);
		}
		return read;
	}

	private static String whyUnreadable(LineBytes line, @Nullable String text) {
		if (text != null) {
			return "not a complete event (cut off, or not written by a shutdown report)";
		}
		return line.tooLong ? "longer than any event" : "not UTF-8 (cut in the middle of a character?)";
	}

	/**
	 * One event line of the file.
	 *
	 * @param line the line as written
	 * @param event the parsed event
	 */
	record Event(String line, JsonNode event) {
	}

	/** The bytes of one line, reused from line to line. */
	private static final class LineBytes {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

		private boolean tooLong;

		/** Read the next line, without its line end; {@code false} at the end of the file. */
		boolean readFrom(InputStream in) throws IOException {
			this.bytes.reset();
			this.tooLong = false;
			int b = in.read();
			if (b == -1) {
				return false;
			}
			while (b != -1 && b != '\n') {
				if (this.bytes.size() < MAX_LINE_BYTES) {
					this.bytes.write(b);
				}
				else {
					this.tooLong = true;
				}
				b = in.read();
			}
			return true;
		}

		/** The line as text (without a trailing CR); {@code null} if too long or not UTF-8. */
		@Nullable String text() {
			if (this.tooLong) {
				return null;
			}
			try {
				String text = StandardCharsets.UTF_8.newDecoder()
					.decode(ByteBuffer.wrap(this.bytes.toByteArray()))
					.toString();
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			catch (CharacterCodingException ex) {
				return null;
			}
		}

	}

}
