package dev.smsworker.worker.support;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Every status event the worker published, as JSON strings, kept for queries by message id and type. */
public final class Events {

    /** One event and when the test saw it. */
    public record Seen(long nanos, String json) {
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    public Events(BrokerClient client) {
        BlockingQueue<String> queue = client.watchEvents();
        Thread.ofVirtual().name("test-events").start(() -> {
            try {
                while (true) {
                    String next = queue.poll(1, TimeUnit.SECONDS);
                    if (next != null) {
                        seen.add(new Seen(System.nanoTime(), next));
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** Events of {@code type} ({@code sent}, {@code retrying}, {@code failed}) for message {@code id}. */
    public List<Seen> of(String id, String type) {
        return seen.stream().filter(e -> e.json().contains("\"messageId\":\"" + id + "\"")
                && e.json().contains("\"type\":\"" + type + "\"")).toList();
    }

    public boolean has(String id, String type) {
        return !of(id, type).isEmpty();
    }

    /** How many events of {@code type} whose JSON contains {@code text}. */
    public long count(String type, String text) {
        return seen.stream().filter(e -> e.json().contains("\"type\":\"" + type + "\"") && e.json().contains(text)).count();
    }
}
