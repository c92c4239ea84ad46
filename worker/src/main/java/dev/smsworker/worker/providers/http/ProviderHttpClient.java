package dev.smsworker.worker.providers.http;

import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Runs one provider request. A connection that fails before the request is written is retried in
 * process (short and bounded); anything after that is the attempt's outcome, for the caller to classify.
 */
final class ProviderHttpClient {

    /** Bodies are parsed for an id, a code and a reason; nothing a provider says needs more. */
    static final long MAX_BODY_BYTES = 64 * 1024;

    private final OkHttpClient client;
    private final int attempts;
    private final Duration backoff;

    ProviderHttpClient(OkHttpClient client, ConnectRetryProperties connectRetry) {
        this.client = client;
        this.attempts = Math.max(1, connectRetry.connectAttempts());
        this.backoff = connectRetry.connectBackoff().compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : connectRetry.connectBackoff();
    }

    /**
     * Runs the request; a connection that failed before a byte was written is tried again, up to
     * {@code sms.retry.connect-attempts} in all, {@code sms.retry.connect-backoff} apart (a plain loop: a retry
     * template cost an execution context and its callbacks on every call, for the rare call that retries).
     */
    public HttpExchange execute(Request request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(request);
            } catch (NotWritten failed) {
                if (attempt >= attempts || !pause()) {
                    return transportFailure(false, failed.cause);
                }
            } catch (Written failed) {
                return transportFailure(true, failed.cause);
            }
        }
    }

    /** False when interrupted (the worker is stopping): the attempt ends with the failure it has. */
    private boolean pause() {
        try {
            Thread.sleep(backoff);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpExchange once(Request request) throws NotWritten, Written {
        WriteTracker tracker = new WriteTracker();
        Request tracked = request.newBuilder().tag(WriteTracker.class, tracker).build();
        Response response;
        try {
            response = client.newCall(tracked).execute();
        } catch (IOException e) {
            if (tracker.written()) {
                throw new Written(e);
            }
            throw new NotWritten(e);
        } catch (RuntimeException e) {
            // A bug in OkHttp or in our listener, not a network failure: never retried here, and if the request
            // had started to leave, the SMS may have gone out.
            return new HttpExchange.TransportFailure(tracker.written(), "internal-error", e.getClass().getSimpleName());
        }
        try (response) {
            return read(response);
        }
    }

    /**
     * Reads the body after the status line arrived. A body that stalls or breaks off is not a transport
     * failure: the provider has already answered, and a 2xx status line says it may have accepted the SMS.
     */
    private static HttpExchange.Reply read(Response response) {
        try {
            BufferedSource source = response.body().source();
            // Blocks until one byte more than the limit, or the end, has arrived: tells "whole" from "cut".
            source.request(MAX_BODY_BYTES + 1);
            Buffer buffer = source.getBuffer();
            boolean whole = buffer.size() <= MAX_BODY_BYTES;
            String body = buffer.readString(Math.min(buffer.size(), MAX_BODY_BYTES), charset(response));
            return new HttpExchange.Reply(response.code(), body, response.headers(), whole);
        } catch (IOException | RuntimeException e) {
            return new HttpExchange.Reply(response.code(), "", response.headers(), false);
        }
    }

    private static Charset charset(Response response) {
        MediaType type = response.body().contentType();
        Charset declared = type == null ? null : type.charset(null);
        return declared != null ? declared : StandardCharsets.UTF_8;
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
