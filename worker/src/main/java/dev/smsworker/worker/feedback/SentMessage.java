package dev.smsworker.worker.feedback;

import dev.smsworker.contracts.Kind;

import java.time.Instant;

/**
 * What conversion feedback needs of a sent SMS, never its number or text.
 *
 * @param provider the provider that accepted it
 * @param country  the destination's region ({@code NO}), or {@code unknown}
 * @param kind     the request's kind
 * @param sentAt   when the provider accepted it
 */
record SentMessage(String provider, String country, Kind kind, Instant sentAt) {
}
