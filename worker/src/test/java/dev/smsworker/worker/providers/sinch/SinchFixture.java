package dev.smsworker.worker.providers.sinch;

import dev.smsworker.worker.providers.ProviderFixture;

/** Sinch for tests outside this package. */
public final class SinchFixture {

    private SinchFixture() {
    }

    public static ProviderFixture fixture() {
        return new ProviderFixture("sinch", SinchProviderTest::provider, 201,
                "{\"id\":\"01FC66621XXXXX119Z8PMV1QPQ\",\"to\":[\"+4791234567\"],\"canceled\":false}",
                "01FC66621XXXXX119Z8PMV1QPQ", () -> SinchProviderTest.properties("http://localhost/"), SinchProviderTest.TOKEN);
    }
}
