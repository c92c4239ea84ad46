package dev.smsworker.ops.replay;

import dev.smsworker.ops.failed.FailedMessage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of one failed message in one replay run. A lost ack (the worker's or a replay's) can leave two
 * copies of the same message in sms.failed; moving both would send the SMS twice. A copy is a message
 * with the same message id and the same body (SHA-256): the same id with another body is another
 * request, never removed unseen. Messages without a message id can't be matched and are never copies.
 */
final class Copies {

    /** The copy this run moves, and the copies read after it that wait for its confirm. */
    static final class Original {
        private final byte[] digest;
        boolean stored;
        boolean refused;
        final List<Waiting> waiting = new ArrayList<>();

        private Original(byte[] digest) {
            this.digest = digest;
        }

        boolean sameBody(FailedMessage message) {
            return Arrays.equals(digest, digest(message.body()));
        }
    }

    /** A later copy held until its original is confirmed; {@code entry} is its line in the report. */
    record Waiting(long deliveryTag, int entry) {
    }

    /** A copy read (and kept) before the original: removed at the end if the original was moved. */
    record Earlier(long deliveryTag, FailedMessage message, Outcome outcome, int entry, byte[] digest) {
    }

    private final Map<String, Original> originals = new HashMap<>();
    private final Map<String, List<Earlier>> kept = new HashMap<>();

    /** The original of {@code message} if this run moves (or moved) one with its id; null otherwise. */
    Original originalOf(FailedMessage message) {
        return message.messageId() == null ? null : originals.get(message.messageId());
    }

    /** Records that this run moves {@code message}; its later copies will find it. */
    Original moving(FailedMessage message) {
        Original original = new Original(digest(message.body()));
        if (message.messageId() != null) {
            originals.put(message.messageId(), original);
        }
        return original;
    }

    /** Records a message kept for {@code outcome}, in case a later copy of it is moved. */
    void kept(FailedMessage message, Outcome outcome, int entry) {
        if (message.messageId() == null) {
            return;
        }
        // Without its body: the run holds the whole queue, it must not hold every body twice.
        FailedMessage slim = new FailedMessage(message.deliveryTag(), message.position(), message.routingKey(),
                message.properties(), new byte[0], message.request());
        kept.computeIfAbsent(message.messageId(), id -> new ArrayList<>())
                .add(new Earlier(message.deliveryTag(), slim, outcome, entry, digest(message.body())));
    }

    /** The kept messages that turned out to be copies of a message this run moved (confirmed). */
    List<Earlier> earlierCopiesOfStored() {
        List<Earlier> copies = new ArrayList<>();
        kept.forEach((id, earlier) -> {
            Original original = originals.get(id);
            if (original != null && original.stored) {
                earlier.stream().filter(copy -> Arrays.equals(copy.digest(), original.digest)).forEach(copies::add);
            }
        });
        copies.sort((a, b) -> Long.compare(a.deliveryTag(), b.deliveryTag()));
        return copies;
    }

    static byte[] digest(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
