/**
 * Actuator endpoints: {@code shutdownstages} (plan, progress, previous run) and the
 * staged {@code shutdown}.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
