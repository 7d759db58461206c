/**
 * Micrometer meters of the shutdown, and closing the registries only after the stages.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.actuate.metrics;

import org.jspecify.annotations.NullMarked;
