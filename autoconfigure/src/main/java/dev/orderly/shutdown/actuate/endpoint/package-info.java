/**
 * Actuator endpoints: {@code shutdownstages} (plan, progress, previous run) and the
 * staged {@code shutdown}.
 */
@NullMarked
package dev.orderly.shutdown.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
