package dev.orderly.shutdown.sample;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The order API: accepting an order only queues it; processing and persisting happen in
 * the background.
 */
@RestController
@RequestMapping("/orders")
class OrderController {

	private final OrderRepository repository;

	private final OrderEventConsumer consumer;

	private final OrderEvents events;

	private final Duration maxReportDelay;

	OrderController(OrderRepository repository, OrderEventConsumer consumer, OrderEvents events,
			SampleProperties properties) {
		this.repository = repository;
		this.consumer = consumer;
		this.events = events;
		this.maxReportDelay = properties.orders().maxReportDelay();
	}

	@GetMapping
	List<Order> list() {
		return this.repository.findAll();
	}

	@GetMapping("/{id}")
	Order get(@PathVariable long id) {
		return this.repository.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	@PostMapping
	ResponseEntity<Order> create(@RequestBody NewOrder request) {
		if (request.item() == null || request.item().isBlank() || request.item().length() > 200
				|| request.quantity() <= 0) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"item (at most 200 characters) and a positive quantity are required");
		}
		Order order = this.repository.create(request.item(), request.quantity());
		this.events.publish(order);
		this.consumer.enqueue(order.id());
		return ResponseEntity
			.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").build(order.id()))
			.body(order);
	}

	/**
	 * A deliberately slow request, standing in for an expensive query: the web stage of the
	 * shutdown lets requests like this one finish.
	 * @param delayMs how long the "query" takes
	 * @return counts of orders by status
	 * @throws InterruptedException if interrupted while "querying"
	 */
	@GetMapping("/report")
	OrderReport report(@RequestParam(defaultValue = "0") long delayMs) throws InterruptedException {
		if (delayMs < 0 || delayMs > this.maxReportDelay.toMillis()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"delayMs must be between 0 and " + this.maxReportDelay.toMillis());
		}
		Instant start = Instant.now();
		Thread.sleep(delayMs);
		return new OrderReport(this.repository.countByStatus(), start,
				Duration.between(start, Instant.now()).toMillis());
	}

	/**
	 * Server-sent events of every order status change, until the shutdown's drain ends the
	 * stream.
	 * @return the event stream
	 * @throws IOException if the stream cannot be started
	 */
	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream() throws IOException {
		return this.events.subscribe();
	}

	/**
	 * Body of {@code POST /orders}.
	 *
	 * @param item what to order
	 * @param quantity how many
	 */
	record NewOrder(String item, int quantity) {
	}

	/**
	 * Answer of {@code GET /orders/report}.
	 *
	 * @param orders number of orders by status
	 * @param startedAt when the report started
	 * @param tookMs how long it took
	 */
	record OrderReport(Map<Order.Status, Long> orders, Instant startedAt, long tookMs) {
	}

}
