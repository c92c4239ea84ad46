package dev.smsworker.bench.provider;

/** Decides the fake provider's answer to the {@code attempt}-th call for a message id. */
@FunctionalInterface
public interface Script {

    Answer answer(String messageId, int attempt);

    static Script always(Answer answer) {
        return (id, attempt) -> answer;
    }
}
