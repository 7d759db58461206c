/**
 * What a shutdown did: the report model, its events and its log table.
 */
@NullMarked
package dev.orderly.shutdown.report;

import org.jspecify.annotations.NullMarked;
