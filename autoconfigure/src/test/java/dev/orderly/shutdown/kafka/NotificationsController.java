package dev.orderly.shutdown.kafka;

import dev.orderly.shutdown.kafka.WriteBehindKafkaConfiguration.Notifier;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web side of the Kafka test service: how many {@code @Async} notifications were sent.
 * A top-level class: a {@code @RestController} nested in a configuration class would also be
 * registered as a member class, and mapped twice.
 */
@RestController
class NotificationsController {

	private final Notifier notifier;

	NotificationsController(Notifier notifier) {
		this.notifier = notifier;
	}

	@GetMapping("/notifications")
	long notifications() {
		return this.notifier.sent();
	}

}
