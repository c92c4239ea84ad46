package dev.smsworker.worker.providers;

/**
 * An SMS provider: sends one SMS and says what happened. Implementations never throw for provider
 * answers (a 400 is data, not an exception) and never retry a request that may have reached the
 * provider: a resent POST is a second SMS. Calls block; the worker runs each on a virtual thread.
 */
public interface SmsProvider {

    /** The name used in configuration ({@code sms.providers.order}), headers, logs and metrics. */
    String name();

    SendResult send(OutgoingSms sms);
}
