package dev.orderly.shutdown.sample;

import java.time.Instant;

/**
 * An order as stored and returned by the API.
 *
 * @param id the order id
 * @param item what was ordered
 * @param quantity how many
 * @param status where the order is in its life
 * @param createdAt when it was accepted
 */
public record Order(long id, String item, int quantity, Status status, Instant createdAt) {

	Order withStatus(Status status) {
		return new Order(this.id, this.item, this.quantity, status, this.createdAt);
	}

	/**
	 * Life of an order.
	 */
	public enum Status {

		/** Accepted by the API and queued for processing (in memory only). */
		ACCEPTED,

		/** Processed by the consumer; waiting in the write-behind buffer (in memory only). */
		CONFIRMED,

		/** Written to the orders database. */
		PERSISTED

	}

}
