/**
 * Public API of Orderly Shutdown: tasks, their context, the once-only shutdown trigger.
 */
@NullMarked
package dev.orderly.shutdown;

import org.jspecify.annotations.NullMarked;
