package dev.orderly.shutdown.internal.report.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Replaces the content of a file atomically (a temporary file in the same directory, then
 * a rename), as the file it replaces was: with its POSIX permissions, and its owner and
 * group where the process may set them. A temporary file is created readable by its owner
 * only, so without this a log shipper running as another user could no longer read the
 * file after the first rewrite.
 */
final class FileReplacement {

	private static final Log logger = LogFactory.getLog(FileReplacement.class);

	private FileReplacement() {
	}

	/**
	 * Replace the file's lines.
	 * @param file an existing file
	 * @param lines its new content
	 * @throws IOException if the file cannot be replaced
	 */
	static void replace(Path file, List<String> lines) throws IOException {
		Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(),
				".tmp");
		try {
			Files.write(temporary, lines, StandardCharsets.UTF_8);
			copyPosixAttributes(file, temporary);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static void copyPosixAttributes(Path from, Path to) throws IOException {
		PosixFileAttributeView source = Files.getFileAttributeView(from, PosixFileAttributeView.class);
		PosixFileAttributeView target = Files.getFileAttributeView(to, PosixFileAttributeView.class);
		if (source == null || target == null) {
			return; // not a POSIX file system: the new file inherits the directory's ACL
		}
		PosixFileAttributes original = source.readAttributes();
		PosixFileAttributes created = target.readAttributes();
		// Owner and group first: changing them may clear set-id permission bits.
		try {
			if (!original.group().equals(created.group())) {
				target.setGroup(original.group());
			}
			if (!original.owner().equals(created.owner())) {
				target.setOwner(original.owner());
			}
		}
		catch (IOException ex) {
			// Only root may give a file away: the file now belongs to this process's user.
			logger.warn("Could not keep owner " + original.owner().getName() + " and group "
					+ original.group().getName() + " of " + from + " when rewriting it (" + ex + ")");
		}
		target.setPermissions(original.permissions());
	}

}
