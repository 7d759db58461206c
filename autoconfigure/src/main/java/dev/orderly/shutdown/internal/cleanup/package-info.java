/**
 * Finding and adopting the cleanup that Spring runs in bean destruction.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.cleanup;

import org.jspecify.annotations.NullMarked;
