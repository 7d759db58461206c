package dev.orderly.shutdown.sample;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.orderly.shutdown.web.LongLivedResponses;
import dev.orderly.shutdown.web.servlet.ServletLongLivedResponses;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events of orders changing status ({@code GET /orders/stream}).
 * <p>
 * A stream stays open as long as its client wants. Left alone it would keep the web stage of
 * the shutdown waiting until its timeout, and then be cut off. Registered with
 * {@link ServletLongLivedResponses#endAtDrain}, it is completed when the drain ends, so the client
 * reconnects (to another instance, once the load balancer has stopped routing here).
 */
@Component
public class OrderEvents {

	/** Absent with orderly.shutdown.enabled=false, which the benchmarks use for plain Spring Boot. */
	private final ObjectProvider<LongLivedResponses> longLivedResponses;

	private final Set<SseEmitter> subscribers = ConcurrentHashMap.newKeySet();

	OrderEvents(ObjectProvider<LongLivedResponses> longLivedResponses) {
		this.longLivedResponses = longLivedResponses;
	}

	SseEmitter subscribe() throws IOException {
		SseEmitter emitter = new SseEmitter(0L); // no timeout
		this.longLivedResponses.ifAvailable((responses) -> ServletLongLivedResponses.endAtDrain(responses, emitter));
		this.subscribers.add(emitter);
		emitter.onCompletion(() -> this.subscribers.remove(emitter));
		emitter.onError((ex) -> this.subscribers.remove(emitter));
		emitter.send(SseEmitter.event().comment("subscribed to order events"));
		return emitter;
	}

	void publish(Order order) {
		for (SseEmitter emitter : this.subscribers) {
			try {
				emitter.send(SseEmitter.event()
					.name("order")
					.id(order.id() + "-" + order.status())
					.data(order, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				// the client has gone, or the stream has just been completed
				this.subscribers.remove(emitter);
			}
		}
	}

	public int subscribers() {
		return this.subscribers.size();
	}

}
