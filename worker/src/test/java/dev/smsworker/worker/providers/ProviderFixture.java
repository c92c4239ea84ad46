package dev.smsworker.worker.providers;

import dev.smsworker.worker.providers.generic.GenericHttpFixture;
import dev.smsworker.worker.providers.linkmobility.LinkMobilityFixture;
import dev.smsworker.worker.providers.sinch.SinchFixture;
import dev.smsworker.worker.providers.twilio.TwilioFixture;
import dev.smsworker.worker.providers.vonage.VonageFixture;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One real provider adapter, pointed at a MockWebServer, with its documented success answer: lets a test run
 * the same provider answers against every provider.
 *
 * @param at            builds the provider for a server's base URL ({@code http://host:port/})
 * @param successStatus the status of the provider's documented success
 * @param successBody   the JSON body of that success, with a message id
 * @param successId     the message id in {@code successBody}
 * @param properties    the provider's properties as the provider built by {@code at} has them
 * @param secret        the credential in those properties that must never be printed
 */
public record ProviderFixture(String name, Function<String, SmsProvider> at, int successStatus, String successBody,
                              String successId, Supplier<Object> properties, String secret) {

    /** Every HTTP provider, for tests that assert the same behaviour of each. */
    public static List<ProviderFixture> all() {
        return List.of(TwilioFixture.fixture(), VonageFixture.fixture(), SinchFixture.fixture(),
                LinkMobilityFixture.fixture(), GenericHttpFixture.fixture());
    }

    @Override
    public String toString() {
        return name;
    }
}
