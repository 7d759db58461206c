/**
 * Lifecycle beans as stage members: stopping a {@code Lifecycle} bean inside a stage, timed
 * and reported, instead of at its own lifecycle phase.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.lifecycle;

import org.jspecify.annotations.NullMarked;
