package dev.smsworker.ops.replay;

import java.util.function.ObjIntConsumer;

/** Why a replay keeps a message in sms.failed, with the counter of the report it adds to. */
enum Outcome {
    NOT_MATCHING("not-matching", (tally, n) -> tally.notMatching += n),
    MAYBE_DELIVERED("maybe-delivered", (tally, n) -> tally.maybeDelivered += n),
    EXPIRED("expired", (tally, n) -> tally.expired += n),
    OVER_LIMIT("over-limit", (tally, n) -> tally.overLimit += n),
    NO_ROUTING_KEY("no-routing-key", (tally, n) -> tally.noRoutingKey += n);

    final String wire;
    private final ObjIntConsumer<Tally> counter;

    Outcome(String wire, ObjIntConsumer<Tally> counter) {
        this.wire = wire;
        this.counter = counter;
    }

    void count(Tally tally, int delta) {
        counter.accept(tally, delta);
    }
}
