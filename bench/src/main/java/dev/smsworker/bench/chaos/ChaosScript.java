package dev.smsworker.bench.chaos;

import dev.smsworker.bench.provider.Answer;
import dev.smsworker.bench.provider.Script;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The chaos run's provider: a share of messages has an invalid number (400, code 21211, on every
 * attempt); every call may also fail retryably (503, 429, or an answer after the worker's read
 * timeout), or be accepted and then lose its connection before the answer (the double-send case).
 *
 * @param readTimeoutMillis the worker's {@code sms.providers.twilio.read-timeout}
 */
record ChaosScript(int fatalPercent, double unavailable, double tooMany, double timeout, double acceptAndDrop,
                   long readTimeoutMillis) implements Script {

    static ChaosScript defaults(long readTimeoutMillis) {
        return new ChaosScript(3, 0.08, 0.04, 0.02, 0.004, readTimeoutMillis);
    }

    /** Decided by the id, so a message is fatal on every attempt, like a real invalid number. */
    boolean fatal(String messageId) {
        return Math.floorMod(messageId.hashCode() * 31 + 7, 100) < fatalPercent;
    }

    @Override
    public Answer answer(String messageId, int attempt) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long latency = 2 + random.nextLong(14);
        if (fatal(messageId)) {
            return new Answer.Error(400, 21211, latency);
        }
        double roll = random.nextDouble();
        if ((roll -= unavailable) < 0) {
            return new Answer.Error(503, 20503, latency);
        }
        if ((roll -= tooMany) < 0) {
            return new Answer.Error(429, 20429, latency);
        }
        if ((roll -= timeout) < 0) {
            // Not accepted: the provider was stuck, and answers only after the worker gave up.
            return new Answer.Error(504, 20504, readTimeoutMillis + 500);
        }
        if ((roll -= acceptAndDrop) < 0) {
            return new Answer.AcceptAndDrop(latency);
        }
        return Answer.created(latency);
    }
}
