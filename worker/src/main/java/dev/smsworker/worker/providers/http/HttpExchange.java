package dev.smsworker.worker.providers.http;

import okhttp3.Headers;

/** What came back from one HTTP call to a provider. */
public sealed interface HttpExchange {

    /** The provider answered; {@code body} is at most {@link ProviderHttpClient#MAX_BODY_BYTES} of it. */
    record Reply(int status, String body, Headers headers) implements HttpExchange {
        public boolean successful() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * No answer. {@code requestWritten} tells whether the provider may have received the request:
     * if it did, the SMS may have gone out, and only a later attempt (never an in-process retry) may try again.
     */
    record TransportFailure(boolean requestWritten, String code, String reason) implements HttpExchange {
    }
}
