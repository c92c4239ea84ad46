package dev.smsworker.worker.providers.http;

import okhttp3.Headers;

import java.util.Locale;

/** What came back from one HTTP call to a provider. */
public sealed interface HttpExchange {

    /**
     * The provider answered with a status line.
     *
     * @param body     at most {@link ProviderHttpClient#MAX_BODY_BYTES} of the body, as far as it arrived
     * @param complete false when the body could not be read to its end (a stall, a reset, a body over the
     *                 limit): the status line is then all we know, and after a 2xx the SMS may have gone out
     */
    record Reply(int status, String body, Headers headers, boolean complete) implements HttpExchange {

        public Reply(int status, String body, Headers headers) {
            this(status, body, headers, true);
        }

        public boolean successful() {
            return status >= 200 && status < 300;
        }

        /**
         * True when the answer is a web page or other markup (HTML, XHTML, XML) rather than the JSON the
         * provider APIs answer with: a sign-in page, an ingress's "default backend - 404", a load balancer's
         * "502 Bad Gateway" page. Such a page comes from something in front of the provider, not from its API.
         */
        public boolean isMarkup() {
            String type = mediaType();
            if (type.equals("text/html") || type.equals("application/xhtml+xml") || type.endsWith("/xml")) {
                return true;
            }
            return body.stripLeading().startsWith("<");
        }

        /** The media type the answer declares, lower case without parameters, or "" when it declares none. */
        public String mediaType() {
            String type = headers.get("Content-Type");
            if (type == null) {
                return "";
            }
            int semicolon = type.indexOf(';');
            return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * No answer. {@code requestWritten} tells whether the provider may have received the request:
     * if it did, the SMS may have gone out, and only a later attempt (never an in-process retry) may try again.
     */
    record TransportFailure(boolean requestWritten, String code, String reason) implements HttpExchange {
    }
}
