/**
 * Servlet web API: end Spring MVC's long-lived responses (an {@code SseEmitter} or other
 * {@code ResponseBodyEmitter}) when the drain ends, through the application's
 * {@link dev.orderly.shutdown.web.LongLivedResponses}. Needs Spring MVC, never Reactor.
 */
@NullMarked
package dev.orderly.shutdown.web.servlet;

import org.jspecify.annotations.NullMarked;
