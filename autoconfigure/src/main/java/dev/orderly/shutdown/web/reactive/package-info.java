/**
 * Reactive web API: end long-lived reactive responses (a {@code Flux} streamed as
 * server-sent events, a WebSocket session) when the drain ends, through the application's
 * {@link dev.orderly.shutdown.web.LongLivedResponses}. Needs Reactor, and Spring WebFlux for
 * WebSocket sessions; never Spring MVC.
 */
@NullMarked
package dev.orderly.shutdown.web.reactive;

import org.jspecify.annotations.NullMarked;
