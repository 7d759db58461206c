/**
 * Finding and adopting the cleanup that Spring runs in bean destruction.
 */
@NullMarked
package dev.orderly.shutdown.cleanup;

import org.jspecify.annotations.NullMarked;
