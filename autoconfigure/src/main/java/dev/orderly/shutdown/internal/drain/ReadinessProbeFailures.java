package dev.orderly.shutdown.internal.drain;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.HttpStatus;

/**
 * The load balancers' own view of the drain: how many health checks each client address
 * (each prober: a balancer node, a kubelet) has had answered "out of service" (HTTP 503)
 * since the drain began. Once every prober has seen as many failures as its balancer needs
 * to take an instance out ({@code fall}, {@code UnhealthyThresholdCount},
 * {@code failureThreshold}), the balancers have stopped routing here.
 * <p>
 * A health check answered with any other status makes its client a prober too, with no
 * failure: a balancer that checks a path which keeps answering 200 never takes the instance
 * out, so it holds {@link #everyProberFailed(int)} false, and the drain ends by the traffic
 * alone. Nothing is recorded before the drain begins. Thread-safe; probes come a few times a
 * second, and application requests never reach this class.
 */
public final class ReadinessProbeFailures {

	/**
	 * More probers than any balancer setup has: beyond it, the health endpoint is open to
	 * many clients that are not balancers, so their view proves nothing (and memory stays
	 * bounded).
	 */
	static final int MAX_PROBERS = 256;

	/**
	 * What Spring Boot's health endpoint answers for {@code OUT_OF_SERVICE} (and
	 * {@code DOWN}) unless {@code management.endpoint.health.status.http-mapping} says
	 * otherwise ({@code SimpleHttpCodeStatusMapper}).
	 */
	private static final int OUT_OF_SERVICE = HttpStatus.SERVICE_UNAVAILABLE.value();

	private final InFlightRequests requests;

	private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();

	private volatile boolean tooManyProbers;

	/**
	 * Create the record.
	 * @param requests tells when the drain has begun
	 */
	public ReadinessProbeFailures(InFlightRequests requests) {
		this.requests = requests;
	}

	/**
	 * Record a health check answered "out of service" during the drain.
	 * @param clientAddress the prober's address, such as {@code 10.0.3.7}
	 */
	public void failed(String clientAddress) {
		answered(clientAddress, OUT_OF_SERVICE);
	}

	/**
	 * Record a health check answered during the drain; before the drain, nothing is
	 * recorded.
	 * @param clientAddress the prober's address, such as {@code 10.0.3.7}
	 * @param status the response's HTTP status; 503 is "out of service"
	 */
	public void answered(String clientAddress, int status) {
		if (!isRecording()) {
			return;
		}
		AtomicInteger count = this.failures.get(clientAddress);
		if (count == null) {
			if (this.failures.size() >= MAX_PROBERS) {
				this.tooManyProbers = true;
				return;
			}
			count = this.failures.computeIfAbsent(clientAddress, (address) -> new AtomicInteger());
		}
		if (status == OUT_OF_SERVICE) {
			count.incrementAndGet();
		}
	}

	/**
	 * Whether answers are recorded now: once the drain has begun.
	 * @return whether recording
	 */
	public boolean isRecording() {
		return this.requests.isDraining();
	}

	/**
	 * Whether every prober seen since the drain began has had at least {@code threshold}
	 * health checks answered "out of service". False while no prober has been seen, and
	 * when more than {@value #MAX_PROBERS} addresses checked.
	 * @param threshold the failures a balancer needs to take an instance out, at least 1
	 * @return whether every balancer has seen the instance out of service
	 */
	public boolean everyProberFailed(int threshold) {
		if (this.failures.isEmpty() || this.tooManyProbers) {
			return false;
		}
		for (AtomicInteger count : this.failures.values()) {
			if (count.get() < threshold) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Number of client addresses whose health checks were answered since the drain began.
	 * @return the count
	 */
	public int probers() {
		return this.failures.size();
	}

	/**
	 * The failures of each prober, by address, for the report.
	 * @return a snapshot, sorted by address
	 */
	public Map<String, Integer> failuresByProber() {
		Map<String, Integer> snapshot = new TreeMap<>();
		this.failures.forEach((address, count) -> snapshot.put(address, count.get()));
		return snapshot;
	}

}
