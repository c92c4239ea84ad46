package dev.smsworker.worker.gate;

import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Whether every lane may take messages. Something the sends depend on (the shared sent-id record when
 * {@code sms.dedup.required}) closes the gate under its own name while it is down and opens it when it
 * is back; while any name holds it closed, the lanes' consumers are paused (basic.cancel, channel kept
 * open) and resume when the last one opens it.
 *
 * <p>In a package of its own because both sides depend on it: in {@code consumer/} it made the cycle
 * consumer -> pipeline -> dedup -> consumer.
 */
@Component
public class LaneGate {

    private final Set<String> closedBy = ConcurrentHashMap.newKeySet();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Closes the gate for {@code reason} (e.g. {@code "dedup"}); closing twice is harmless. */
    public void close(String reason) {
        if (closedBy.add(reason)) {
            listeners.forEach(Runnable::run);
        }
    }

    /** Withdraws {@code reason}; the gate opens once no reason holds it. */
    public void open(String reason) {
        if (closedBy.remove(reason)) {
            listeners.forEach(Runnable::run);
        }
    }

    public boolean isOpen() {
        return closedBy.isEmpty();
    }

    /** What holds the gate closed now; empty when open. */
    public Set<String> closedBy() {
        return Set.copyOf(closedBy);
    }

    /** Called on the thread that opened or closed the gate: don't block. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }
}
