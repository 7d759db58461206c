/**
 * The stage engine: one run per application, stages as lifecycle phases, tasks run concurrently under timeouts.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.engine;

import org.jspecify.annotations.NullMarked;
