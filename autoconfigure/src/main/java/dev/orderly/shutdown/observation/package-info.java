/**
 * The observations of a shutdown run, documented: their names and keys
 * ({@link dev.orderly.shutdown.observation.ShutdownObservationDocumentation}), the contexts
 * they carry, and the conventions that name and tag them, which an application can replace
 * by declaring a convention bean of its own.
 */
@NullMarked
package dev.orderly.shutdown.observation;

import org.jspecify.annotations.NullMarked;
