package dev.smsworker.worker.providers;

import java.util.function.Function;

/**
 * One real provider adapter, pointed at a MockWebServer, with its documented success answer: lets a test run
 * the same provider answers against every provider.
 *
 * @param at            builds the provider for a server's base URL ({@code http://host:port/})
 * @param successStatus the status of the provider's documented success
 * @param successBody   the JSON body of that success, with a message id
 */
public record ProviderFixture(String name, Function<String, SmsProvider> at, int successStatus, String successBody) {

    @Override
    public String toString() {
        return name;
    }
}
