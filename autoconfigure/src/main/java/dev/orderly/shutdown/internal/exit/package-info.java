/**
 * The end of the process after the shutdown: who keeps the JVM alive, and the halt that
 * comes before the platform's SIGKILL.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.exit;

import org.jspecify.annotations.NullMarked;
