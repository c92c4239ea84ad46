package dev.smsworker.worker.providers.linkmobility;

import dev.smsworker.worker.providers.ProviderFixture;

import java.util.List;

/** LINK Mobility for tests outside this package. */
public final class LinkMobilityFixture {

    private LinkMobilityFixture() {
    }

    public static ProviderFixture fixture() {
        return new ProviderFixture("linkmobility", url -> LinkMobilityProviderTest.provider(url, List.of()), 200,
                "{\"messageId\":\"Dcshuhod0PMAAAFQ+/PbnR3x\",\"resultCode\":1005,\"description\":\"Queued\"}",
                "Dcshuhod0PMAAAFQ+/PbnR3x", () -> LinkMobilityProviderTest.properties("http://localhost/", List.of()),
                LinkMobilityProviderTest.PASSWORD);
    }
}
