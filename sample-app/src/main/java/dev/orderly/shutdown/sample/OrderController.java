package dev.orderly.shutdown.sample;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The order API: accepting an order only queues it; processing happens in the background.
 */
@RestController
@RequestMapping("/orders")
class OrderController {

	private final OrderRepository repository;

	private final OrderEventConsumer consumer;

	OrderController(OrderRepository repository, OrderEventConsumer consumer) {
		this.repository = repository;
		this.consumer = consumer;
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
		if (request.item() == null || request.item().isBlank() || request.quantity() <= 0) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "item and a positive quantity are required");
		}
		Order order = this.repository.create(request.item(), request.quantity());
		this.consumer.enqueue(order.id());
		return ResponseEntity.status(HttpStatus.CREATED).body(order);
	}

	/**
	 * Body of {@code POST /orders}.
	 *
	 * @param item what to order
	 * @param quantity how many
	 */
	record NewOrder(String item, int quantity) {
	}

}
