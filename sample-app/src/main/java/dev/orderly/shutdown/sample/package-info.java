/**
 * Sample order service that shuts down in orderly stages.
 */
package dev.orderly.shutdown.sample;
