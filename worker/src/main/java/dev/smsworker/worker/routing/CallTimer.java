package dev.smsworker.worker.routing;

import java.time.Duration;

/** Where the router reports each provider call: {@code result} is {@code sent} or the error class, lower case. */
@FunctionalInterface
interface CallTimer {
    void record(String provider, String result, Duration took);
}
