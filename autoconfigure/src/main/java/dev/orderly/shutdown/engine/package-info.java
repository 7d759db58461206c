/**
 * The stage engine: one run per application, stages as lifecycle phases, tasks run concurrently under timeouts.
 */
@NullMarked
package dev.orderly.shutdown.engine;

import org.jspecify.annotations.NullMarked;
