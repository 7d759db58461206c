/**
 * Thread stacks for a shutdown that hangs: the frames that say where a timed-out task or a
 * thread that keeps the JVM alive is stuck.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.threads;

import org.jspecify.annotations.NullMarked;
