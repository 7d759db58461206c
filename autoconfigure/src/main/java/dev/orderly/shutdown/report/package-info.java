/**
 * What a shutdown did: the report model, and the listener that hears of each step.
 */
@NullMarked
package dev.orderly.shutdown.report;

import org.jspecify.annotations.NullMarked;
