package dev.smsworker.worker.providers.generic;

import dev.smsworker.worker.providers.ProviderFixture;

/** The generic HTTP provider for tests outside this package; it POSTs to {@code {base}send}. */
public final class GenericHttpFixture {

    private GenericHttpFixture() {
    }

    public static ProviderFixture fixture() {
        return new ProviderFixture("http", url -> GenericHttpProviderTest.provider(url + "send", "id"), 200,
                "{\"id\":\"gw-42\"}", "gw-42", () -> GenericHttpProviderTest.properties("http://localhost/", "id"),
                GenericHttpProviderTest.TOKEN);
    }
}
