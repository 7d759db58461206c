/**
 * Servlet web support: in-flight request tracking, the traffic drain with
 * {@code Connection: close}, the web stage around Spring Boot's graceful shutdown, and
 * long-lived responses ended at the drain.
 */
@NullMarked
package dev.orderly.shutdown.web;

import org.jspecify.annotations.NullMarked;
