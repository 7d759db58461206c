/**
 * The report file: one JSON line per event, written as the shutdown happens, and read back
 * at the next startup.
 */
@NullMarked
package dev.orderly.shutdown.report.file;

import org.jspecify.annotations.NullMarked;
