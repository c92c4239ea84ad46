package dev.smsworker.worker.providers.http;

import okhttp3.Call;
import okhttp3.EventListener;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records whether OkHttp started writing a request. Before that point nothing can have reached the
 * provider, so the call is safe to repeat; after it, repeating may send a second SMS.
 */
final class WriteTracker {

    private final AtomicBoolean written = new AtomicBoolean();

    boolean written() {
        return written.get();
    }

    /** Attach with {@code Request.Builder.tag(WriteTracker.class, tracker)}. */
    static final EventListener LISTENER = new EventListener() {
        @Override
        public void requestHeadersStart(Call call) {
            WriteTracker tracker = call.request().tag(WriteTracker.class);
            if (tracker != null) {
                tracker.written.set(true);
            }
        }
    };
}
