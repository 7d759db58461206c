package dev.orderly.shutdown.sample;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

/**
 * In-memory order store.
 */
@Component
public class OrderRepository {

	private final AtomicLong ids = new AtomicLong();

	private final Map<Long, Order> orders = new ConcurrentHashMap<>();

	Order create(String item, int quantity) {
		Order order = new Order(this.ids.incrementAndGet(), item, quantity, Order.Status.ACCEPTED, Instant.now());
		this.orders.put(order.id(), order);
		return order;
	}

	void updateStatus(long id, Order.Status status) {
		this.orders.computeIfPresent(id, (key, order) -> order.withStatus(status));
	}

	public Optional<Order> find(long id) {
		return Optional.ofNullable(this.orders.get(id));
	}

	public List<Order> findAll() {
		return this.orders.values().stream().sorted(Comparator.comparingLong(Order::id)).toList();
	}

}
