/**
 * The validated shape of a shutdown: stages, their order, phases and budget.
 */
@NullMarked
package dev.orderly.shutdown.plan;

import org.jspecify.annotations.NullMarked;
