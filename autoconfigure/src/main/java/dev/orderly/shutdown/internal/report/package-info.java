/**
 * The report as a table in the log.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.report;

import org.jspecify.annotations.NullMarked;
