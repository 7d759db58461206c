/**
 * Micrometer observations of a shutdown run: timers and spans per run, stage and task.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.actuate.observation;

import org.jspecify.annotations.NullMarked;
