/**
 * Servlet web support: in-flight request tracking, the traffic drain with
 * {@code Connection: close}, long-lived responses ended at the drain, and the web stage
 * around Spring Boot's graceful shutdown.
 *
 * <p>Internal: not API, may change in any release.
 */
@NullMarked
package dev.orderly.shutdown.internal.drain;

import org.jspecify.annotations.NullMarked;
