/**
 * The validated shape of a shutdown: stages, their order, phases and budget.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.plan;

import org.jspecify.annotations.NullMarked;
