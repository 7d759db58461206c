/**
 * The report file: one JSON line per event, written as the shutdown happens, and read back
 * at the next startup.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.report.file;

import org.jspecify.annotations.NullMarked;
