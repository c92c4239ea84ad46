package dev.smsworker.worker.providers.twilio;

import dev.smsworker.worker.providers.ProviderFixture;

/** Twilio for tests outside this package. */
public final class TwilioFixture {

    private TwilioFixture() {
    }

    public static ProviderFixture fixture() {
        return new ProviderFixture("twilio", url -> TwilioProviderTest.provider(url, null), 201,
                "{\"sid\":\"SM0123456789abcdef0123456789abcdef\",\"status\":\"queued\"}", "SM0123456789abcdef0123456789abcdef",
                () -> TwilioProviderTest.properties("http://localhost/", null), TwilioProviderTest.TOKEN);
    }
}
