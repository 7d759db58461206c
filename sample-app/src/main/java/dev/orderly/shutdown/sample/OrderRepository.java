package dev.orderly.shutdown.sample;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Orders: those still in flight (accepted or confirmed) live in memory, as a message broker
 * and a write-behind buffer would hold them; persisted ones are rows of the {@code orders}
 * table of the H2 database ({@code schema.sql}).
 */
@Repository
public class OrderRepository {

	private static final String INSERT = "MERGE INTO orders (id, item, quantity, created_at, persisted_at) KEY (id) "
			+ "VALUES (?, ?, ?, ?, ?)";

	private static final String SELECT = "SELECT id, item, quantity, created_at FROM orders";

	private final JdbcTemplate jdbc;

	private final Map<Long, Order> inFlight = new ConcurrentHashMap<>();

	OrderRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Accept a new order: it gets its id from the database's sequence and stays in memory
	 * until the write-behind buffer persists it.
	 * @param item what is ordered
	 * @param quantity how many
	 * @return the accepted order
	 */
	Order create(String item, int quantity) {
		Long id = this.jdbc.queryForObject("SELECT NEXT VALUE FOR order_ids", Long.class);
		Order order = new Order(id, item, quantity, Order.Status.ACCEPTED, Instant.now());
		this.inFlight.put(order.id(), order);
		return order;
	}

	Optional<Order> updateStatus(long id, Order.Status status) {
		return Optional.ofNullable(this.inFlight.computeIfPresent(id, (key, order) -> order.withStatus(status)));
	}

	/**
	 * Write a batch of orders in one JDBC batch. Writing an order twice is harmless
	 * ({@code MERGE}), so a batch can be retried.
	 * @param batch the orders to persist
	 * @return the orders as persisted
	 */
	List<Order> saveAll(List<Order> batch) {
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		this.jdbc.batchUpdate(INSERT, batch, batch.size(), (statement, order) -> {
			statement.setLong(1, order.id());
			statement.setString(2, order.item());
			statement.setInt(3, order.quantity());
			statement.setObject(4, order.createdAt().atOffset(ZoneOffset.UTC));
			statement.setObject(5, now);
		});
		List<Order> persisted = new ArrayList<>(batch.size());
		for (Order order : batch) {
			this.inFlight.remove(order.id());
			persisted.add(order.withStatus(Order.Status.PERSISTED));
		}
		return persisted;
	}

	public Optional<Order> find(long id) {
		Order order = this.inFlight.get(id);
		if (order != null) {
			return Optional.of(order);
		}
		return this.jdbc.query(SELECT + " WHERE id = ?", OrderRepository::persistedOrder, id).stream().findFirst();
	}

	public List<Order> findAll() {
		List<Order> all = new ArrayList<>(this.jdbc.query(SELECT, OrderRepository::persistedOrder));
		all.addAll(this.inFlight.values());
		// An order persisted while we read may show twice: keep the persisted one.
		return all.stream()
			.collect(Collectors.toMap(Order::id, (order) -> order,
					(first, second) -> (first.status() == Order.Status.PERSISTED) ? first : second))
			.values()
			.stream()
			.sorted(Comparator.comparingLong(Order::id))
			.toList();
	}

	/**
	 * How many orders are in each status.
	 * @return the counts, every status included
	 */
	public Map<Order.Status, Long> countByStatus() {
		Map<Order.Status, Long> counts = new EnumMap<>(Order.Status.class);
		for (Order.Status status : Order.Status.values()) {
			counts.put(status, 0L);
		}
		this.inFlight.values().forEach((order) -> counts.merge(order.status(), 1L, Long::sum));
		Long persisted = this.jdbc.queryForObject("SELECT COUNT(*) FROM orders", Long.class);
		counts.put(Order.Status.PERSISTED, (persisted != null) ? persisted : 0L);
		return counts;
	}

	private static Order persistedOrder(ResultSet row, int rowNum) throws SQLException {
		return new Order(row.getLong("id"), row.getString("item"), row.getInt("quantity"), Order.Status.PERSISTED,
				row.getObject("created_at", OffsetDateTime.class).toInstant());
	}

}
