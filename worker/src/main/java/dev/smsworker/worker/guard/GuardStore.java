package dev.smsworker.worker.guard;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the guard keeps what it counts and learns: one worker's memory ({@link InMemoryGuardStore}) or Redis,
 * shared by every worker ({@link RedisGuardStore}). Keys are the guard's own, never a full phone number.
 * <p>
 * A store that cannot answer (Redis away) lets the message through: the guard protects the wallet, and an OTP
 * not sent because a cache is down costs more than the rare message past a cap while it is.
 */
interface GuardStore {

    /** Takes one message from the key's window; false when the window already holds {@code rate.count()}. */
    boolean take(String key, Rate rate);

    /** Sets a value that lives for {@code ttl}. */
    void put(String key, String value, Duration ttl);

    /** The value, while it lives. */
    Optional<String> get(String key);

    /** Removes a value; true when there was one. */
    boolean remove(String key);

    /** Every live value whose key starts with the prefix, at most {@code limit} of them. */
    Map<String, String> scan(String prefix, int limit);

    /**
     * Adds to a running total that lives for {@code ttl} after it was first written, and returns the new total.
     * Amounts are in millionths (of a currency unit, say), so totals stay exact.
     */
    long add(String key, long amount, Duration ttl);
}
