/**
 * Web API: {@link dev.orderly.shutdown.web.LongLivedResponses}, to end long-lived
 * responses when the drain ends, with the helpers of each web stack in {@code servlet} and
 * {@code reactive}.
 */
@NullMarked
package dev.orderly.shutdown.web;

import org.jspecify.annotations.NullMarked;
