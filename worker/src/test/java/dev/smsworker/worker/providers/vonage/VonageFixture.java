package dev.smsworker.worker.providers.vonage;

import dev.smsworker.worker.providers.ProviderFixture;

/** Vonage for tests outside this package. */
public final class VonageFixture {

    private VonageFixture() {
    }

    public static ProviderFixture fixture() {
        return new ProviderFixture("vonage", VonageProviderTest::provider, 200,
                "{\"message-count\":\"1\",\"messages\":[{\"to\":\"4791234567\",\"message-id\":\"0C000000217B7F02\",\"status\":\"0\"}]}",
                "0C000000217B7F02", () -> VonageProviderTest.properties("http://localhost/"), VonageProviderTest.SECRET);
    }
}
