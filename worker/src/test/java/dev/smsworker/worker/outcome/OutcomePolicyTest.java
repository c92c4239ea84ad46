package dev.smsworker.worker.outcome;

import dev.smsworker.contracts.DeliveryStatus;
import dev.smsworker.contracts.ErrorClass;
import dev.smsworker.contracts.Headers;
import dev.smsworker.contracts.Kind;
import dev.smsworker.contracts.RefusalCode;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.worker.dedup.Claim;
import dev.smsworker.worker.dedup.Fingerprint;
import dev.smsworker.worker.dedup.SentRecord;
import dev.smsworker.worker.guard.Refusal;
import dev.smsworker.worker.message.Failure;
import dev.smsworker.worker.message.MessageContext;
import dev.smsworker.worker.message.Redaction;
import dev.smsworker.worker.outcome.OutcomePolicy.BeforeSend;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.http.ReceiptCallbacks;
import dev.smsworker.worker.retry.DelayTiers;
import dev.smsworker.worker.retry.RetryProperties;
import dev.smsworker.worker.routing.RouteResult;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules that decide a message's outcome, without a broker (PipelineIT proves them end to end). */
class OutcomePolicyTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final RetryProperties properties = new RetryProperties(
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(3), Duration.ofMinutes(9)), Duration.ofMinutes(10));
    private final DelayTiers tiers = new DelayTiers(properties);
    private final OutcomePolicy policy = new OutcomePolicy(tiers, new Expiry(properties), ReceiptCallbacks.OFF);
    private final Claim.Held held = new Claim.Held("m-1", new Fingerprint(1), null);

    @Test
    void theSentRecordIsCheckedBeforeExpiry() {
        SentRecord previous = new SentRecord("twilio", "SM1", NOW.minusSeconds(60), null);

        BeforeSend before = policy.beforeSend(context(Kind.OTP, 2, NOW), request(NOW.minusSeconds(1)),
                new Claim.AlreadySent(previous), NOW);

        assertThat(before).isEqualTo(new BeforeSend.Settled(new Outcome.AlreadySent("twilio", "SM1", previous.sentAt())));
    }

    @Test
    void anExpiredRequestIsNeverSent() {
        Instant expiresAt = NOW.minusSeconds(1);

        BeforeSend before = policy.beforeSend(context(Kind.TRANSACTIONAL, 2, NOW), request(expiresAt), held, NOW);

        Failure failure = failedWith(before);
        assertThat(failure.errorClass()).isEqualTo(ErrorClass.EXPIRED);
        assertThat(failure.code()).isEqualTo("expired");
        // Through Redaction, as every failure message: its digit-run rule takes the date for a number.
        assertThat(failure.message()).isEqualTo(Redaction.scrub("expired at " + expiresAt + " before attempt 2"));
    }

    @Test
    void aRequestIsExpiredAtTheInstantItExpires() {
        assertThat(policy.beforeSend(context(Kind.TRANSACTIONAL, 1, NOW), request(NOW), held, NOW))
                .isInstanceOf(BeforeSend.Settled.class);
        assertThat(policy.beforeSend(context(Kind.TRANSACTIONAL, 1, NOW), request(NOW.plusMillis(1)), held, NOW))
                .isEqualTo(new BeforeSend.Send(held, NOW.plusMillis(1)));
    }

    @Test
    void anOtpWithoutExpiresAtIsWorthSendingForTheDefaultValidityFromItsFirstAttempt() {
        Instant firstAttempt = NOW.minus(Duration.ofMinutes(10));

        assertThat(policy.beforeSend(context(Kind.OTP, 3, firstAttempt), request(null), held, NOW))
                .isInstanceOf(BeforeSend.Settled.class);
        assertThat(policy.beforeSend(context(Kind.OTP, 3, firstAttempt.plusSeconds(1)), request(null), held, NOW))
                .isEqualTo(new BeforeSend.Send(held, NOW.plusSeconds(1)));
    }

    @Test
    void aTransactionalRequestWithoutExpiresAtNeverExpires() {
        assertThat(policy.beforeSend(context(Kind.TRANSACTIONAL, 1, NOW.minus(Duration.ofDays(30))), request(null), held, NOW))
                .isEqualTo(new BeforeSend.Send(held, null));
    }

    @Test
    void aMessageBeingSentByAnotherDeliveryIsHandedBack() {
        assertThat(policy.beforeSend(context(Kind.OTP, 1, NOW), request(null), new Claim.InProgress(), NOW))
                .isInstanceOf(BeforeSend.HandBack.class);
    }

    @Test
    void aReusedMessageIdFailsAsMalformed() {
        Failure failure = failedWith(policy.beforeSend(context(Kind.OTP, 1, NOW), request(null), new Claim.Reused(true), NOW));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.MALFORMED);
        assertThat(failure.code()).isEqualTo("message-id-reused");
        assertThat(failure.message()).isEqualTo("messageId already sent with another recipient or text; one id, one message");
    }

    @Test
    void aSentMessageIsSent() {
        RouteResult route = new RouteResult(new SendResult.Sent("twilio", "SM1"), List.of());

        assertThat(policy.afterSend(context(Kind.OTP, 1, NOW), route, null, NOW)).isEqualTo(new Outcome.Sent("twilio", "SM1"));
    }

    @Test
    void attemptNGoesToTheNthDelayQueue() {
        assertThat(policy.afterSend(context(Kind.OTP, 1, NOW), retryable(), null, NOW))
                .isEqualTo(new Outcome.Delayed(tiers.all().get(0), retryableFailure()));
        Outcome third = policy.afterSend(context(Kind.OTP, 3, NOW), retryable(), null, NOW);
        assertThat(((Outcome.Delayed) third).tier().queue()).isEqualTo("sms.retry.9m");
    }

    @Test
    void afterTheLastDelaysAttemptTheMessageIsExhausted() {
        Outcome outcome = policy.afterSend(context(Kind.OTP, 4, NOW), retryable(), null, NOW);

        assertThat(outcome).isEqualTo(new Outcome.Failed(retryableFailure().as(ErrorClass.EXHAUSTED,
                "gave up after 4 attempts; last: service down")));
    }

    @Test
    void aRetryThatWouldComeBackAfterExpiryFailsNowAsExpired() {
        Outcome tooLate = policy.afterSend(context(Kind.OTP, 2, NOW), retryable(), NOW.plus(Duration.ofMinutes(2)), NOW);
        Outcome inTime = policy.afterSend(context(Kind.OTP, 2, NOW), retryable(), NOW.plus(Duration.ofMinutes(3)), NOW);

        assertThat(tooLate).isEqualTo(new Outcome.Failed(retryableFailure().as(ErrorClass.EXPIRED,
                "would expire before the next retry; last: service down")));
        assertThat(inTime).isEqualTo(new Outcome.Delayed(tiers.all().get(1), retryableFailure()));
    }

    @Test
    void fatalFailuresFailAtOnceWithoutRetry() {
        RouteResult messageFatal = new RouteResult(new SendResult.MessageFatal("twilio", "21211", "invalid number"), List.of(
                new SendResult.MessageFatal("twilio", "21211", "invalid number")));
        RouteResult providerFatal = new RouteResult(new SendResult.ProviderFatal("twilio", "401", "bad credentials"), List.of(
                new SendResult.ProviderFatal("twilio", "401", "bad credentials")));

        assertThat(failedWith(policy.afterSend(context(Kind.OTP, 1, NOW), messageFatal, null, NOW)).errorClass())
                .isEqualTo(ErrorClass.MESSAGE_FATAL);
        assertThat(failedWith(policy.afterSend(context(Kind.OTP, 1, NOW), providerFatal, null, NOW)).errorClass())
                .isEqualTo(ErrorClass.PROVIDER_FATAL);
    }

    @Test
    void theFailureNamesEveryProviderTriedAndWhatMayHaveBeenDelivered() {
        SendResult.Failed timeout = new SendResult.Retryable("twilio", "read-timeout", "no answer", true);
        SendResult.Failed down = new SendResult.Retryable("vonage", "503", "service down");
        RouteResult route = new RouteResult(down, List.of(timeout, down));

        Failure failure = ((Outcome.Delayed) policy.afterSend(context(Kind.OTP, 1, NOW), route, null, NOW)).failure();

        assertThat(failure.provider()).isEqualTo("vonage");
        assertThat(failure.providerErrors()).isEqualTo("twilio=RETRYABLE:read-timeout; vonage=RETRYABLE:503");
        assertThat(failure.maybeDelivered()).isEqualTo("twilio:read-timeout");
    }

    @Test
    void aMissingDelayQueueParksTheMessageInFailedStillRetryable() {
        Outcome.Delayed delayed = new Outcome.Delayed(tiers.all().get(0), retryableFailure());

        assertThat(policy.parked(delayed)).isEqualTo(new Outcome.Failed(retryableFailure().as(ErrorClass.RETRYABLE,
                "delay queue sms.retry.1m unroutable, parked here; last: service down")));
    }

    @Test
    void aMessageHeldUntilItExpiredFailsAsExpiredWithItsProvidersLastError() {
        SendResult.Failed open = new SendResult.Retryable("twilio", "503", "service down");
        RouteResult waiting = new RouteResult(open, List.of(open), RouteResult.Waiting.FOR_PROVIDER);
        Instant expiresAt = NOW.plusSeconds(30);

        assertThat(policy.whileHeld(waiting, expiresAt, NOW)).isEmpty();
        assertThat(policy.whileHeld(waiting, null, NOW)).isEmpty();
        Failure failure = ((Outcome.Failed) policy.whileHeld(waiting, expiresAt, expiresAt).orElseThrow()).failure();
        assertThat(failure.errorClass()).isEqualTo(ErrorClass.EXPIRED);
        assertThat(failure.code()).isEqualTo("503");
        assertThat(failure.message()).isEqualTo(Redaction.scrub("expired at " + expiresAt
                + " while held: no provider of its route could take it; last: service down"));
    }

    // Issue 13: at the spend cap a kind is refused, or held (at-cap=hold) without a provider call or a spent attempt.

    private static final Refusal AT_CAP = new Refusal(RefusalCode.SPEND_CAP,
            "marketing spend today 200 reached its daily cap 200", true);

    @Test
    void aRefusalForGoodIsRefused() {
        Refusal refusal = new Refusal(RefusalCode.SPEND_CAP, "marketing spend today 200 reached its daily cap 200");

        assertThat(policy.refused(context(Kind.MARKETING, 1, NOW), refusal, null, NOW))
                .isEqualTo(new Outcome.Refused(RefusalCode.SPEND_CAP, refusal.reason()));
    }

    @Test
    void aMessageAtACapThatHoldsWaitsInTheLongestTierSoABacklogDoesNotSpin() {
        Outcome outcome = policy.refused(context(Kind.MARKETING, 1, NOW), AT_CAP, null, NOW);

        assertThat(outcome).isEqualTo(new Outcome.Held(tiers.all().getLast(), RefusalCode.SPEND_CAP, AT_CAP.reason(), NOW));
    }

    @Test
    void aHeldMessageKeepsWhenItWasFirstHeld() {
        Instant since = NOW.minus(Duration.ofHours(5));

        Outcome outcome = policy.refused(context(Kind.MARKETING, 1, since, heldSince(since)), AT_CAP, null, NOW);

        assertThat(((Outcome.Held) outcome).since()).isEqualTo(since);
    }

    @Test
    void aMessageThatWouldExpireInTheLongestTierWaitsInTheLongestThatEndsBeforeIt() {
        Outcome outcome = policy.refused(context(Kind.MARKETING, 1, NOW), AT_CAP, NOW.plus(Duration.ofMinutes(5)), NOW);

        assertThat(((Outcome.Held) outcome).tier().label()).isEqualTo("3m");
    }

    @Test
    void aMessageThatWouldExpireInEveryTierFailsExpiredNowNamingTheCap() {
        Instant expiresAt = NOW.plusSeconds(59);

        Failure failure = failedWith(policy.refused(context(Kind.MARKETING, 1, NOW), AT_CAP, expiresAt, NOW));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.EXPIRED);
        assertThat(failure.code()).isEqualTo("spend-cap");
        assertThat(failure.message()).isEqualTo(Redaction.scrub("would expire at " + expiresAt
                + " while held: marketing spend today 200 reached its daily cap 200"));
    }

    @Test
    void aHeldMessageThatCameBackExpiredFailsExpiredNamingTheCapItWaitedAt() {
        Instant since = NOW.minus(Duration.ofHours(1));
        Instant expiresAt = NOW.minusSeconds(1);

        Failure failure = failedWith(policy.beforeSend(context(Kind.MARKETING, 1, since, heldSince(since)),
                request(expiresAt), held, NOW));

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.EXPIRED);
        assertThat(failure.code()).isEqualTo("spend-cap");
        assertThat(failure.message()).isEqualTo(Redaction.scrub("expired at " + expiresAt
                + " while held at its marketing spend cap (spend-cap)"));
    }

    @Test
    void aHeldMessageWhoseDelayQueueIsGoneIsParkedInFailedAsRefused() {
        Outcome.Held held = new Outcome.Held(tiers.all().getLast(), RefusalCode.SPEND_CAP, AT_CAP.reason(), NOW);

        Failure failure = policy.parked(held).failure();

        assertThat(failure.errorClass()).isEqualTo(ErrorClass.REFUSED);
        assertThat(failure.code()).isEqualTo("spend-cap");
        assertThat(failure.message()).startsWith("delay queue sms.retry.9m unroutable, parked here while held");
    }

    // Issue 12: with receipts on, no blind failover after an ambiguous send.

    private final ReceiptCallbacks receiptsFromTwilio = new ReceiptCallbacks(
            Map.of("twilio", HttpUrl.get("https://dlr.example.com/receipts/twilio")), Duration.ofSeconds(30));
    private final OutcomePolicy withReceipts = new OutcomePolicy(tiers, new Expiry(properties), receiptsFromTwilio);

    @Test
    void anAmbiguousSendWaitsForTheReceiptInTheSmallestTierAtLeastTheWait() {
        Outcome outcome = withReceipts.afterSend(context(Kind.OTP, 2, NOW), ambiguous("twilio"), null, NOW);

        // Attempt 2 would go to the 3m tier; the receipt needs only 30 s, so the 1m tier.
        assertThat(outcome).isInstanceOfSatisfying(Outcome.Delayed.class, delayed -> {
            assertThat(delayed.tier()).isEqualTo(tiers.all().getFirst());
            assertThat(delayed.failure().maybeDelivered()).isEqualTo("twilio:timeout-after-write");
        });
    }

    @Test
    void aWaitLongerThanEveryTierUsesTheLongest() {
        OutcomePolicy patient = new OutcomePolicy(tiers, new Expiry(properties),
                new ReceiptCallbacks(receiptsFromTwilio.urls(), Duration.ofMinutes(20)));

        Outcome outcome = patient.afterSend(context(Kind.OTP, 1, NOW), ambiguous("twilio"), null, NOW);

        assertThat(((Outcome.Delayed) outcome).tier()).isEqualTo(tiers.all().getLast());
    }

    @Test
    void aReceiptWaitKeepsTheRetryLimits() {
        Outcome exhausted = withReceipts.afterSend(context(Kind.OTP, 4, NOW), ambiguous("twilio"), null, NOW);
        Outcome expired = withReceipts.afterSend(context(Kind.OTP, 1, NOW), ambiguous("twilio"), NOW.plusSeconds(59), NOW);

        assertThat(failedWith(exhausted).errorClass()).isEqualTo(ErrorClass.EXHAUSTED);
        assertThat(failedWith(expired).errorClass()).isEqualTo(ErrorClass.EXPIRED);
    }

    @Test
    void anAmbiguousSendToAProviderWithoutReceiptsIsAnOrdinaryRetry() {
        Outcome outcome = withReceipts.afterSend(context(Kind.OTP, 2, NOW), ambiguous("linkmobility"), null, NOW);

        assertThat(((Outcome.Delayed) outcome).tier()).isEqualTo(tiers.all().get(1));
    }

    @Test
    void theAwaitedProvidersAreTheMaybeDeliveredOnesThatReportReceipts() {
        assertThat(withReceipts.awaitedReceipts("twilio:timeout-after-write, linkmobility:io-error")).containsExactly("twilio");
        assertThat(withReceipts.awaitedReceipts(null)).isEmpty();
        assertThat(policy.awaitedReceipts("twilio:timeout-after-write")).as("receipts off").isEmpty();
    }

    @Test
    void aReceiptThatSaysTheProviderTookItSettlesTheMessageAsAlreadySent() {
        Instant at = NOW.minusSeconds(60);
        for (DeliveryStatus taken : List.of(DeliveryStatus.DELIVERED, DeliveryStatus.INTERMEDIATE)) {
            assertThat(withReceipts.afterReceiptWait(List.of(new Receipted("twilio", "SM1", taken, at))))
                    .contains(new Outcome.AlreadySent("twilio", "SM1", at));
        }
    }

    @Test
    void withoutAReceiptOrWithAFailedOneTheMessageGoesOn() {
        assertThat(withReceipts.afterReceiptWait(List.of())).isEmpty();
        assertThat(withReceipts.afterReceiptWait(List.of(new Receipted("twilio", "SM1", DeliveryStatus.UNDELIVERED, NOW),
                new Receipted("vonage", "V1", DeliveryStatus.FAILED, NOW)))).isEmpty();
    }

    private static RouteResult ambiguous(String provider) {
        SendResult.Failed timeout = new SendResult.Retryable(provider, "timeout-after-write", "read timed out", true);
        return new RouteResult(timeout, List.of(timeout));
    }

    private static RouteResult retryable() {
        SendResult.Failed down = new SendResult.Retryable("twilio", "503", "service down");
        return new RouteResult(down, List.of(down));
    }

    private static Failure retryableFailure() {
        return new Failure(ErrorClass.RETRYABLE, "503", "service down", "twilio", "twilio=RETRYABLE:503", null);
    }

    private static Failure failedWith(BeforeSend before) {
        return failedWith(((BeforeSend.Settled) before).outcome());
    }

    private static Failure failedWith(Outcome outcome) {
        assertThat(outcome).isInstanceOf(Outcome.Failed.class);
        return ((Outcome.Failed) outcome).failure();
    }

    private static MessageContext context(Kind kind, int attempt, Instant firstAttemptAt) {
        return context(kind, attempt, firstAttemptAt, Map.of());
    }

    private static MessageContext context(Kind kind, int attempt, Instant firstAttemptAt, Map<String, Object> headers) {
        MessageProperties properties = new MessageProperties();
        headers.forEach(properties::setHeader);
        return new MessageContext(new Message(new byte[0], properties), "m-1", "c-1", kind, attempt, firstAttemptAt,
                "send." + kind.wireName(), "sms.send." + kind.wireName());
    }

    private static Map<String, Object> heldSince(Instant since) {
        return Map.of(Headers.HELD, "spend-cap", Headers.HELD_SINCE, since.toString());
    }

    private static SmsRequest request(Instant expiresAt) {
        return new SmsRequest("m-1", "+4791234567", "hello", null, null, expiresAt, null);
    }
}
