/**
 * Micrometer meters of the shutdown, and closing the registries only after the stages.
 */
@NullMarked
package dev.orderly.shutdown.actuate.metrics;

import org.jspecify.annotations.NullMarked;
