package dev.smsworker.worker;

import com.rabbitmq.client.GetResponse;
import dev.smsworker.contracts.Headers;
import dev.smsworker.worker.support.BrokerClient;
import dev.smsworker.worker.support.Events;
import dev.smsworker.worker.support.FailedQueue;
import dev.smsworker.worker.support.FakeTwilio;
import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13: the guard refuses before any provider is paid. One enforcing worker whose rules each test meets with
 * its own kind, country or number, so the tests share it; one worker in monitor mode beside it. Twilio is faked
 * at the HTTP level and answers by body: {@code stop...} as an opted-out number (21610), {@code busy...} once with
 * a 503, anything else 201.
 */
class GuardIT {

    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final WorkerFixture enforcing = new WorkerFixture("guard",
            // Long enough that the newer OTP is taken before the older comes back, however loaded the machine.
            "sms.retry.delays=4s,8s,12s",
            "sms.guard.countries.marketing.block=NG",
            "sms.guard.velocity.marketing.countries.SE=2/1h",
            "sms.guard.velocity.marketing.prefix=2/1h",
            "sms.guard.velocity.marketing.prefix-digits=6",
            "sms.guard.recipient.otp=3/10m",
            "sms.guard.supersede=otp",
            "sms.guard.suppression.enabled=true",
            "sms.pricing.per-segment.twilio.default=0.05",
            "sms.spend.caps.transactional.daily=0.10");

    @RegisterExtension
    static final WorkerFixture monitoring = new WorkerFixture("guard-monitor",
            "sms.guard.mode=monitor",
            "sms.guard.countries.otp.allow=NO",
            // A cap of 0 is reached before the first message: every marketing message is one the guard would hold.
            "sms.spend.caps.marketing.daily=0",
            "sms.spend.caps.marketing.at-cap=hold");

    static FakeTwilio twilio;
    static BrokerClient client;
    static FailedQueue failed;
    static Events events;

    @BeforeAll
    static void setUp() {
        twilio = enforcing.twilio();
        client = enforcing.client();
        failed = new FailedQueue(client);
        events = new Events(client);
        twilio.answer(call -> {
            if (call.body().startsWith("stop")) {
                return FakeTwilio.error(400, 21610, "Attempt to send to unsubscribed recipient");
            }
            if (call.body().startsWith("busy") && twilio.callsWithBody(call.body()).size() == 1) {
                return FakeTwilio.json(503, "{\"message\":\"unavailable\"}");
            }
            return FakeTwilio.created();
        });
    }

    @Test
    void aSentMessageCarriesItsEncodingSegmentsAndEstimatedCost() {
        String id = send("send.otp", "otp", "Din kode er 1234 " + "😀", "+4791000001");
        await().atMost(WAIT).until(() -> events.has(id, "sent"));
        assertThat(events.of(id, "sent").getFirst().json())
                .contains("\"encoding\":\"ucs-2\"", "\"segments\":1", "\"estimatedCost\":0.05");
    }

    @Test
    void anOtpOverTwoSegmentsIsRefusedWithoutAProviderCall() {
        String body = "long " + "x".repeat(320);
        GetResponse message = refused(send("send.otp", "otp", body, "+4791000002"), "too-many-segments");
        assertThat(BrokerClient.header(message, Headers.ENCODING)).isEqualTo("gsm-7");
        assertThat(BrokerClient.header(message, Headers.SEGMENTS)).isEqualTo("3");
        assertThat(twilio.callsWithBody(body)).isEmpty();
    }

    @Test
    void marketingToABlockedCountryIsRefused() {
        String body = "sale " + Requests.uniqueId();
        refused(send("send.marketing", "marketing", body, "+2348031234567"), "blocked-country");
        assertThat(twilio.callsWithBody(body)).isEmpty();
    }

    @Test
    void theThirdMarketingMessageToACappedCountryIsRefused() {
        String first = send("send.marketing", "marketing", "se one", "+46701234561");
        String second = send("send.marketing", "marketing", "se two", "+46702234562");
        await().atMost(WAIT).until(() -> events.has(first, "sent") && events.has(second, "sent"));
        refused(send("send.marketing", "marketing", "se three", "+46703234563"), "velocity-country");
        assertThat(twilio.callsWithBody("se three")).isEmpty();
    }

    @Test
    void theThirdMarketingMessageToOneNumberPrefixIsRefused() {
        String first = send("send.marketing", "marketing", "dk one", "+4520121111");
        String second = send("send.marketing", "marketing", "dk two", "+4520122222");
        await().atMost(WAIT).until(() -> events.has(first, "sent") && events.has(second, "sent"));
        refused(send("send.marketing", "marketing", "dk three", "+4520123333"), "velocity-prefix");
        assertThat(twilio.callsWithBody("dk three")).isEmpty();
    }

    @Test
    void theFourthCodeToOneNumberWithinTenMinutesIsThrottled() {
        for (int i = 1; i <= 3; i++) {
            String id = send("send.otp", "otp", "code " + i, "+4791000003");
            await().atMost(WAIT).until(() -> events.has(id, "sent"));
        }
        refused(send("send.otp", "otp", "code 4", "+4791000003"), "recipient-throttled");
        assertThat(twilio.callsWithBody("code 4")).isEmpty();
    }

    @Test
    void aNumberThatOptedOutIsSuppressedForTheNextMessage() {
        String first = send("send.marketing", "marketing", "stop one", "+4791000004");
        GetResponse fatal = failed.await(first, WAIT);
        assertThat(BrokerClient.header(fatal, Headers.ERROR_CODE)).isEqualTo("21610");
        refused(send("send.marketing", "marketing", "stop two", "+4791000004"), "suppressed");
        assertThat(twilio.callsWithBody("stop two")).isEmpty();
    }

    @Test
    void anOlderOtpBackFromTheDelayQueueIsSupersededByTheNewerOne() {
        String older = send("send.otp", "otp", "busy 111111", "+4791000005");
        await().atMost(WAIT).until(() -> events.has(older, "retrying"));
        String newer = send("send.otp", "otp", "code 222222", "+4791000005");
        await().atMost(WAIT).until(() -> events.has(newer, "sent"));
        refused(older, "superseded", Duration.ofSeconds(20));
        assertThat(twilio.callsWithBody("busy 111111")).as("only the first attempt").hasSize(1);
    }

    @Test
    void transactionalIsRefusedOnceTheDaysSpendReachedItsCap() {
        String first = send("send.transactional", "transactional", "receipt 1", "+4791000006");
        await().atMost(WAIT).until(() -> events.has(first, "sent"));
        String second = send("send.transactional", "transactional", "receipt 2", "+4791000006");
        await().atMost(WAIT).until(() -> events.has(second, "sent"));
        refused(send("send.transactional", "transactional", "receipt 3", "+4791000006"), "spend-cap");
        assertThat(twilio.callsWithBody("receipt 3")).isEmpty();
    }

    @Test
    void inMonitorModeTheRefusalIsCountedAndTheMessageSent() {
        BrokerClient monitorClient = monitoring.client();
        String body = "monitored " + Requests.uniqueId();
        monitorClient.publish("send.otp", Requests.json(Requests.uniqueId(), "otp", body, "+46701234569"));
        await().atMost(WAIT).until(() -> monitoring.twilio().callsWithBody(body).size() == 1);
        MeterRegistry registry = monitoring.worker().bean(MeterRegistry.class);
        assertThat(registry.get("sms.guard.refusals").tags("code", "blocked-country", "mode", "monitor").counter().count())
                .isEqualTo(1);
    }

    @Test
    void inMonitorModeAMessageAtACapThatHoldsIsSentAndCountedAsOneTheGuardWouldStop() {
        BrokerClient monitorClient = monitoring.client();
        String body = "monitored sale " + Requests.uniqueId();
        monitorClient.publish("send.marketing", Requests.json(Requests.uniqueId(), "marketing", body, "+4791000007"));
        await().atMost(WAIT).until(() -> monitoring.twilio().callsWithBody(body).size() == 1);
        MeterRegistry registry = monitoring.worker().bean(MeterRegistry.class);
        assertThat(registry.get("sms.guard.refusals").tags("code", "spend-cap", "mode", "monitor").counter().count())
                .isEqualTo(1);
        assertThat(registry.find("sms.spend.held").counter()).as("nothing held in monitor mode").isNull();
    }

    static String send(String routingKey, String kind, String body, String to) {
        String id = Requests.uniqueId();
        client.publish(routingKey, Requests.json(id, kind, body, to));
        return id;
    }

    static GetResponse refused(String id, String code) {
        return refused(id, code, WAIT);
    }

    static GetResponse refused(String id, String code, Duration wait) {
        GetResponse message = failed.await(id, wait);
        assertThat(BrokerClient.header(message, Headers.ERROR_CLASS)).isEqualTo("REFUSED");
        assertThat(BrokerClient.header(message, Headers.ERROR_CODE)).isEqualTo(code);
        await().atMost(WAIT).until(() -> events.has(id, "failed"));
        assertThat(events.of(id, "failed").getFirst().json()).contains("\"errorClass\":\"REFUSED\"", "\"errorCode\":\"" + code + "\"");
        return message;
    }
}
