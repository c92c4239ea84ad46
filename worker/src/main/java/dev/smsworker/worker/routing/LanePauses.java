package dev.smsworker.worker.routing;

import dev.smsworker.contracts.Topology;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Which lanes hold messages that no provider can take, and so are paused. A lane (a work queue) is
 * paused from the moment one of its messages finds every provider of its route down (switched off or
 * behind an open breaker) until no message of that lane waits for a provider any more; listeners (the
 * consumers) stop and restart taking messages from the queue. Messages that wait only for a rate-limit
 * permit are held too but do not pause the lane: a rate limit is steady state, not an outage, and the
 * lane's in-flight bound already stops it taking more.
 *
 * <p>Visible as {@code sms_lane_paused{lane}} (1 while paused), {@code sms_lane_pauses_total{lane}},
 * {@code sms_messages_held{lane,waiting}} ({@code provider} or {@code permit}), the {@code lanes} health
 * component, and a log line when a pause starts and ends.
 */
@Component
public class LanePauses {

    private static final Logger log = LoggerFactory.getLogger(LanePauses.class);

    /** Hears when a lane (named by its queue) pauses and resumes. Called on a sending thread: don't block. */
    public interface Listener {
        void paused(String queue);

        void resumed(String queue);
    }

    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean released;

    public LanePauses(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.meters = meters;
        // Present from the start at 0, so an alert can tell "not paused" from "no data".
        lane(Topology.OTP_QUEUE);
        lane(Topology.SEND_QUEUE);
    }

    public void addListener(Listener listener) {
        listeners.add(listener);
    }

    /** True while {@code queue}'s lane is paused. */
    public boolean paused(String queue) {
        Lane lane = lanes.get(queue);
        return lane != null && lane.pausedSince != null;
    }

    /**
     * On shutdown: held messages stop waiting and go back to the broker unsent (their attempt not spent),
     * so the drain does not wait for an outage to end.
     */
    public void release() {
        released = true;
    }

    boolean released() {
        return released;
    }

    /** Health details: each lane's state. */
    Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        lanes.forEach((queue, lane) -> details.put(queue, lane.details()));
        return details;
    }

    /** Starts holding one message of {@code queue}; close the hold when the message goes on. */
    Hold hold(String queue, RouteResult.Waiting waiting, Supplier<String> route) {
        Hold hold = new Hold(lane(queue));
        hold.waitingFor(waiting, route);
        return hold;
    }

    private Lane lane(String queue) {
        return lanes.computeIfAbsent(queue, Lane::new);
    }

    /** One held message. */
    final class Hold implements AutoCloseable {

        private final Lane lane;
        private RouteResult.Waiting waiting = RouteResult.Waiting.NONE;

        private Hold(Lane lane) {
            this.lane = lane;
        }

        /** The message now waits for {@code next} (a provider, or a permit); {@code route} describes it for the log. */
        void waitingFor(RouteResult.Waiting next, Supplier<String> route) {
            if (next != waiting) {
                lane.change(waiting, next, route == null ? null : route.get());
                waiting = next;
            }
        }

        @Override
        public void close() {
            waitingFor(RouteResult.Waiting.NONE, null);
        }
    }

    private final class Lane {

        private final String queue;
        private final Counter pauses;
        private int forProvider;
        private int forPermit;
        private volatile Instant pausedSince;
        private volatile String reason;

        Lane(String queue) {
            this.queue = queue;
            this.pauses = Counter.builder("sms.lane.pauses").description("Times a lane stopped taking messages because no provider of a route could take them")
                    .tag("lane", queue).register(meters);
            Gauge.builder("sms.lane.paused", this, lane -> lane.pausedSince == null ? 0 : 1)
                    .description("1 while the lane is paused: a message of it waits for a provider of its route")
                    .tag("lane", queue).register(meters);
            Gauge.builder("sms.messages.held", this, lane -> lane.count(RouteResult.Waiting.FOR_PROVIDER))
                    .description("Messages held, not sent and no attempt spent").tag("lane", queue).tag("waiting", "provider")
                    .register(meters);
            Gauge.builder("sms.messages.held", this, lane -> lane.count(RouteResult.Waiting.FOR_PERMIT))
                    .description("Messages held, not sent and no attempt spent").tag("lane", queue).tag("waiting", "permit")
                    .register(meters);
        }

        synchronized int count(RouteResult.Waiting waiting) {
            return waiting == RouteResult.Waiting.FOR_PROVIDER ? forProvider : forPermit;
        }

        void change(RouteResult.Waiting from, RouteResult.Waiting to, String route) {
            boolean pause;
            boolean resume;
            synchronized (this) {
                add(from, -1);
                add(to, 1);
                pause = forProvider > 0 && pausedSince == null;
                resume = forProvider == 0 && pausedSince != null;
                if (pause) {
                    pausedSince = clock.instant();
                    reason = route;
                } else if (resume) {
                    log.info("lane {} resumed after {} s paused; it takes messages again", queue,
                            Duration.between(pausedSince, clock.instant()).toMillis() / 1000.0);
                    pausedSince = null;
                    reason = null;
                }
            }
            if (pause) {
                pauses.increment();
                log.warn("lane {} paused: no provider of route {} can take messages; held messages wait without spending an attempt",
                        queue, route);
                listeners.forEach(listener -> listener.paused(queue));
            } else if (resume) {
                listeners.forEach(listener -> listener.resumed(queue));
            }
        }

        private void add(RouteResult.Waiting waiting, int delta) {
            switch (waiting) {
                case FOR_PROVIDER -> forProvider += delta;
                case FOR_PERMIT -> forPermit += delta;
                case NONE -> {
                }
            }
        }

        synchronized Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("paused", pausedSince != null);
            if (pausedSince != null) {
                details.put("pausedSince", pausedSince.toString());
                details.put("route", reason);
            }
            details.put("heldForProvider", forProvider);
            details.put("heldForPermit", forPermit);
            return details;
        }
    }
}
