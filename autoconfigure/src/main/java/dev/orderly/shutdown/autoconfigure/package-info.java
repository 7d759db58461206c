/**
 * Auto-configuration, properties and startup failure analysis.
 */
@NullMarked
package dev.orderly.shutdown.autoconfigure;

import org.jspecify.annotations.NullMarked;
