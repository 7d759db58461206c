/**
 * The implementation of Orderly Shutdown: the stage engine, the plan, the drain, the
 * report file and log table, and the actuator support.
 *
 * <p>Internal: not API, may change in any release. Applications use
 * {@code dev.orderly.shutdown} and its {@code report}, {@code web} and {@code observation}
 * packages.
 */
@NullMarked
package dev.orderly.shutdown.internal;

import org.jspecify.annotations.NullMarked;
