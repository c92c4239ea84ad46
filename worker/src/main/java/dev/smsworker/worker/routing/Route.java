package dev.smsworker.worker.routing;

import java.util.List;

/**
 * The providers one message is offered to, in order.
 *
 * @param matched which route chose them: {@code prefix:4791}, {@code country:NO}, {@code kind:otp} or {@code default}
 */
record Route(String matched, List<String> providers) {
}
