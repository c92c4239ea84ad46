package dev.smsworker.worker.providers.http;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.springframework.retry.support.RetryTemplate;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;

/**
 * Runs one provider request. A connection that fails before the request is written is retried in
 * process (short and bounded); anything after that is the attempt's outcome, for the caller to classify.
 */
public final class ProviderHttpClient {

    /** Error bodies are parsed for a code and a reason; nothing a provider says needs more. */
    static final long MAX_BODY_BYTES = 64 * 1024;

    private final OkHttpClient client;
    private final RetryTemplate connectRetry;

    ProviderHttpClient(OkHttpClient client, RetryTemplate connectRetry) {
        this.client = client;
        this.connectRetry = connectRetry;
    }

    public HttpExchange execute(Request request) {
        try {
            return connectRetry.<HttpExchange, CallFailed>execute(context -> once(request));
        } catch (CallFailed failed) {
            return transportFailure(failed instanceof Written, failed.cause);
        }
    }

    private HttpExchange.Reply once(Request request) throws CallFailed {
        WriteTracker tracker = new WriteTracker();
        Request tracked = request.newBuilder().tag(WriteTracker.class, tracker).build();
        try (Response response = client.newCall(tracked).execute()) {
            String body = response.peekBody(MAX_BODY_BYTES).string();
            return new HttpExchange.Reply(response.code(), body, response.headers());
        } catch (IOException e) {
            if (tracker.written()) {
                throw new Written(e);
            }
            throw new NotWritten(e);
        }
    }

    private static HttpExchange.TransportFailure transportFailure(boolean written, IOException cause) {
        String code = switch (cause) {
            case UnknownHostException ignored -> "unknown-host";
            case ConnectException ignored -> "connect-failed";
            case InterruptedIOException ignored -> written ? "read-timeout" : "connect-timeout";
            default -> written ? "io-error-after-write" : "io-error";
        };
        // Exception messages can carry URLs with account ids; keep only the type.
        return new HttpExchange.TransportFailure(written, code, cause.getClass().getSimpleName());
    }

    /** The call failed with an I/O error; the subclass says whether the request left. */
    abstract static sealed class CallFailed extends Exception permits NotWritten, Written {
        final IOException cause;

        CallFailed(IOException cause) {
            super(cause.getClass().getSimpleName(), null, false, false);
            this.cause = cause;
        }
    }

    /** Failed before a byte of the request left: safe to retry here. */
    static final class NotWritten extends CallFailed {
        NotWritten(IOException cause) {
            super(cause);
        }
    }

    /** Failed after the request (maybe) reached the provider: never retried here. */
    static final class Written extends CallFailed {
        Written(IOException cause) {
            super(cause);
        }
    }
}
