package dev.orderly.shutdown.web;

import java.time.Duration;

/**
 * When the drain ends: once no application request has arrived for the quiet period, but
 * never before the min delay and never after the max delay.
 *
 * @param quietPeriod time without application requests that ends the drain
 * @param minDelay least time the drain lasts
 * @param maxDelay most time the drain lasts
 * @since 0.1.0
 */
public record DrainSettings(Duration quietPeriod, Duration minDelay, Duration maxDelay) {
}
