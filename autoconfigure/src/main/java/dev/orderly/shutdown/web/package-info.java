/**
 * Servlet web API: {@link dev.orderly.shutdown.web.LongLivedResponses}, to end long-lived
 * responses when the drain ends.
 */
@NullMarked
package dev.orderly.shutdown.web;

import org.jspecify.annotations.NullMarked;
