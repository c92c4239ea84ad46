package dev.smsworker.worker.dedup;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sent records in a few primitive arrays: a ring in insertion order (oldest overwritten first, which with
 * one TTL for all is also the first to expire) and an open-addressing index on the {@link MessageKey}.
 * About 84 bytes per entry, all allocated at construction, and no object per entry for the collector
 * to trace: the Caffeine cache of String ids and record objects it replaces held about 290 bytes per
 * entry (issue 16). Provider message ids of up to {@value #ID_BYTES} ASCII characters are kept (Twilio's
 * 34, a UUID's 36); a longer or non-ASCII one is remembered as unknown (null).
 * Thread-safe: every operation is short and runs under the table's lock.
 */
final class SentTable {

    static final int ID_BYTES = 39;
    private static final int ID_SLOT = ID_BYTES + 1;
    private static final byte NO_ID = (byte) 0xFF;

    private final int capacity;
    private final long ttlMillis;
    private final long[] high;
    private final long[] low;
    private final long[] fingerprints;
    private final long[] sentAt;
    private final byte[] providers;
    private final byte[] ids;
    private final int[] index;
    private final int mask;
    private final List<String> providerNames = new ArrayList<>();
    private int next;
    private int size;

    SentTable(int capacity, long ttlMillis) {
        this.capacity = capacity;
        this.ttlMillis = ttlMillis;
        this.high = new long[capacity];
        this.low = new long[capacity];
        this.fingerprints = new long[capacity];
        this.sentAt = new long[capacity];
        this.providers = new byte[capacity];
        this.ids = new byte[capacity * ID_SLOT];
        // At most half full: linear probing stays short.
        int slots = Integer.highestOneBit(Math.max(8, capacity) * 2 - 1) << 1;
        this.index = new int[slots];
        this.mask = slots - 1;
    }

    synchronized SentRecord find(MessageKey key, long nowMillis) {
        int position = positionOf(key);
        if (position < 0) {
            return null;
        }
        int slot = index[position] - 1;
        if (nowMillis - sentAt[slot] >= ttlMillis) {
            return null;
        }
        return new SentRecord(providerName(providers[slot]), id(slot), Instant.ofEpochMilli(sentAt[slot]),
                new Fingerprint(fingerprints[slot]).hex());
    }

    synchronized void put(MessageKey key, Fingerprint fingerprint, String provider, String providerMessageId, long sentAtMillis) {
        int existing = positionOf(key);
        if (existing >= 0) {
            // Rewritten where it is: the entry keeps its place in the ring (rare: one id sent twice).
            write(index[existing] - 1, key, fingerprint, provider, providerMessageId, sentAtMillis);
            return;
        }
        if (size == capacity) {
            delete(positionOf(new MessageKey(high[next], low[next])));
            size--;
        }
        int slot = next;
        write(slot, key, fingerprint, provider, providerMessageId, sentAtMillis);
        int position = home(key.low());
        while (index[position] != 0) {
            position = (position + 1) & mask;
        }
        index[position] = slot + 1;
        next = (next + 1) % capacity;
        size++;
    }

    synchronized int size() {
        return size;
    }

    private void write(int slot, MessageKey key, Fingerprint fingerprint, String provider, String providerMessageId, long at) {
        high[slot] = key.high();
        low[slot] = key.low();
        fingerprints[slot] = fingerprint.value();
        sentAt[slot] = at;
        providers[slot] = providerIndex(provider);
        int offset = slot * ID_SLOT;
        byte[] id = asciiOrNull(providerMessageId);
        if (id == null) {
            ids[offset] = NO_ID;
        } else {
            ids[offset] = (byte) id.length;
            System.arraycopy(id, 0, ids, offset + 1, id.length);
        }
    }

    private String id(int slot) {
        int offset = slot * ID_SLOT;
        return ids[offset] == NO_ID ? null : new String(ids, offset + 1, ids[offset], StandardCharsets.US_ASCII);
    }

    private static byte[] asciiOrNull(String id) {
        if (id == null || id.length() > ID_BYTES) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            if (id.charAt(i) > 0x7E || id.charAt(i) < 0x20) {
                return null;
            }
        }
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    /** Provider names are few (one per configured provider); an unexpected 128th is kept as unknown. */
    private byte providerIndex(String provider) {
        if (provider == null) {
            return 0;
        }
        int known = providerNames.indexOf(provider);
        if (known >= 0) {
            return (byte) (known + 1);
        }
        if (providerNames.size() >= 127) {
            return 0;
        }
        providerNames.add(provider);
        return (byte) providerNames.size();
    }

    private String providerName(byte index) {
        return index == 0 ? null : providerNames.get(index - 1);
    }

    private int positionOf(MessageKey key) {
        int position = home(key.low());
        while (index[position] != 0) {
            int slot = index[position] - 1;
            if (high[slot] == key.high() && low[slot] == key.low()) {
                return position;
            }
            position = (position + 1) & mask;
        }
        return -1;
    }

    /** Backward-shift deletion: keeps every later entry of the probe run reachable without tombstones. */
    private void delete(int position) {
        int hole = position;
        int probe = position;
        while (true) {
            probe = (probe + 1) & mask;
            if (index[probe] == 0) {
                break;
            }
            int home = home(low[index[probe] - 1]);
            // The entry at probe may fill the hole unless its home lies cyclically in (hole, probe].
            if (((probe - home) & mask) >= ((probe - hole) & mask)) {
                index[hole] = index[probe];
                hole = probe;
            }
        }
        index[hole] = 0;
    }

    private int home(long low) {
        return (int) (low ^ (low >>> 32)) & mask;
    }
}
