package dev.smsworker.worker.routing;

import dev.smsworker.worker.providers.OutgoingSms;
import dev.smsworker.worker.providers.SendResult;
import dev.smsworker.worker.providers.SmsProvider;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A provider in memory: answers as the test scripts it (sent by default) and records each call. */
final class FakeSmsProvider implements SmsProvider {

    private final String name;
    private final List<OutgoingSms> calls = new CopyOnWriteArrayList<>();
    private volatile Function<OutgoingSms, SendResult> behaviour;

    FakeSmsProvider(String name) {
        this.name = name;
        this.behaviour = sms -> new SendResult.Sent(name, name + "-" + sms.messageId());
    }

    FakeSmsProvider answering(Function<OutgoingSms, SendResult> answer) {
        this.behaviour = answer;
        return this;
    }

    FakeSmsProvider failingRetryably(String code) {
        return answering(sms -> new SendResult.Retryable(name, code, "fake " + code));
    }

    FakeSmsProvider failingProviderFatally(String code) {
        return answering(sms -> new SendResult.ProviderFatal(name, code, "fake " + code));
    }

    FakeSmsProvider failingMessageFatally(String code) {
        return answering(sms -> new SendResult.MessageFatal(name, code, "fake " + code));
    }

    FakeSmsProvider sending() {
        return answering(sms -> new SendResult.Sent(name, name + "-" + sms.messageId()));
    }

    int callCount() {
        return calls.size();
    }

    List<OutgoingSms> calls() {
        return List.copyOf(calls);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public SendResult send(OutgoingSms sms) {
        calls.add(sms);
        return behaviour.apply(sms);
    }
}
