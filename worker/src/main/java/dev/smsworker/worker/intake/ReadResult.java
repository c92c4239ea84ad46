package dev.smsworker.worker.intake;

import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.worker.message.Failure;

/** A message body, read: a valid request, or the reason it can't be one. */
public sealed interface ReadResult {

    record Valid(SmsRequest request) implements ReadResult {
    }

    /** {@code request} is whatever could be parsed (null for broken JSON), for its id and kind. */
    record Invalid(Failure failure, SmsRequest request) implements ReadResult {
    }
}
