package dev.smsworker.worker.message;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids this worker makes up per message (a correlation id the publisher did not give, a claim's token), unique
 * without a secure random number per id: {@link UUID#randomUUID()} reads the system's secure random source under
 * a lock, about 2% of a message's CPU with one or two per message (issue 16). An id is a random number drawn once
 * per process and a counter: never repeated within the process, and between processes only if they drew the same
 * 60 bits. Not secrets, and guessable from one another: never use them where that matters.
 */
public final class ProcessIds {

    private static final SecureRandom SEED = new SecureRandom();
    /** Version 4 and the IETF variant, as a random UUID has them, so the ids look like what they replace. */
    private static final long PROCESS = (SEED.nextLong() & ~0xF000L) | 0x4000L;
    private static final AtomicLong COUNTER = new AtomicLong(SEED.nextLong());

    private ProcessIds() {
    }

    /** A new id in UUID form, e.g. {@code 3f2a6c1e-9b7d-4e21-8000-00000000002a}. */
    public static String uuid() {
        long next = COUNTER.getAndIncrement() & 0x3FFF_FFFF_FFFF_FFFFL;
        return new UUID(PROCESS, next | 0x8000_0000_0000_0000L).toString();
    }
}
