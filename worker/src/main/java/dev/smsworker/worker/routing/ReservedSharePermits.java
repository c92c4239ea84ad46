package dev.smsworker.worker.routing;

import dev.smsworker.contracts.Kind;

import java.time.Duration;

/**
 * A provider's rate split in two buckets so a marketing backlog cannot take the permits login codes
 * need: OTPs own {@code otpShare} of the rate, the other kinds the rest. Either side borrows the
 * other's permits that are free right now, but only OTPs queue (reserve future permits) in their own
 * bucket: a waiting OTP owns the next OTP permit, so the wait of an OTP is at most about one second
 * per {@code otpShare x rate} OTPs ahead of it, whatever the marketing backlog. With no OTPs about,
 * marketing gets the whole rate; under both loads marketing keeps its own share. The sum never
 * exceeds the provider's rate.
 */
final class ReservedSharePermits implements SendPermits {

    private final int perSecond;
    private final PermitBucket otp;
    private final PermitBucket others;

    /**
     * @param otp    the OTP bucket, or null when OTPs have no reserved share
     * @param others the bucket of the other kinds, or null when OTPs reserve the whole rate
     */
    ReservedSharePermits(int perSecond, PermitBucket otp, PermitBucket others) {
        if (otp == null && others == null) {
            throw new IllegalArgumentException("at least one bucket");
        }
        this.perSecond = perSecond;
        this.otp = otp;
        this.others = others;
    }

    /** Splits {@code perSecond} by {@code otpShare} (0 to 1): the OTP bucket gets at least 1 permit when the share is above 0. */
    static ReservedSharePermits local(int perSecond, double otpShare) {
        return split("local", perSecond, otpShare, PermitBuckets.LOCAL);
    }

    /**
     * Splits {@code perSecond} by {@code otpShare} as {@link #local} does, into buckets {@code otp} and
     * {@code others} of {@code provider} from {@code buckets} (in Redis, shared by every worker).
     */
    static ReservedSharePermits split(String provider, int perSecond, double otpShare, PermitBuckets buckets) {
        int reserved = otpShare <= 0 ? 0 : (int) Math.min(perSecond, Math.max(1, Math.round(perSecond * otpShare)));
        int rest = perSecond - reserved;
        return new ReservedSharePermits(perSecond,
                reserved == 0 ? null : buckets.bucket(provider, "otp", reserved),
                rest == 0 ? null : buckets.bucket(provider, "others", rest));
    }

    @Override
    public boolean acquire(Kind kind, Duration maxWait) {
        PermitBucket own = kind == Kind.OTP ? otp : others;
        PermitBucket borrowed = kind == Kind.OTP ? others : otp;
        if (own == null) {
            own = borrowed;
            borrowed = null;
        }
        Duration wait = own.reserve(Duration.ZERO);
        if (wait == null && borrowed != null) {
            wait = borrowed.reserve(Duration.ZERO);
        }
        if (wait == null) {
            wait = own.reserve(maxWait);
        }
        if (wait == null) {
            return false;
        }
        sleep(wait);
        return true;
    }

    @Override
    public int perSecond() {
        return perSecond;
    }

    PermitBucket otpBucket() {
        return otp;
    }

    PermitBucket othersBucket() {
        return others;
    }

    private static void sleep(Duration wait) {
        if (wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            // The permit is spent either way; keep the interrupt for the caller.
            Thread.currentThread().interrupt();
        }
    }
}
