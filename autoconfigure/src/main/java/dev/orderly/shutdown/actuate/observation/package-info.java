/**
 * Micrometer observations of a shutdown run: timers and spans per run, stage and task.
 */
@NullMarked
package dev.orderly.shutdown.actuate.observation;

import org.jspecify.annotations.NullMarked;
