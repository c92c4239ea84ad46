package dev.smsworker.bench.perf.spring;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.smsworker.contracts.SmsEvent;
import dev.smsworker.contracts.SmsRequest;
import dev.smsworker.contracts.Topology;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request: POST Twilio's form, publish the {@code sent} event, wait for its confirm. The container acks when
 * this returns; an exception (an HTTP error, a refused or late confirm) makes it reject with requeue, Spring's
 * default, which is all the error handling a plain worker has.
 */
@Component
class SendListener {

    private static final String ACCOUNT_SID = "AC1";
    private static final String FROM = "+15005550006";
    private static final long CONFIRM_TIMEOUT_SECONDS = 30;

    private final RestClient twilio;
    private final RabbitTemplate rabbit;

    SendListener(RestClient twilio, RabbitTemplate rabbit) {
        this.twilio = twilio;
        this.rabbit = rabbit;
    }

    @RabbitListener(queues = Topology.SEND_QUEUE)
    void send(SmsRequest request) throws InterruptedException, ExecutionException, TimeoutException {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("To", request.to());
        form.add("From", FROM);
        form.add("Body", request.body());
        TwilioMessage message = twilio.post().uri("2010-04-01/Accounts/{accountSid}/Messages.json", ACCOUNT_SID)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .retrieve()
                .body(TwilioMessage.class);
        SmsEvent sent = new SmsEvent(SmsEvent.SENT, request.messageId(), null, request.kindOrDefault(), 1, "twilio",
                message == null ? null : message.sid(), null, null, Instant.now());
        CorrelationData confirm = new CorrelationData(request.messageId());
        rabbit.convertAndSend(Topology.EVENTS_EXCHANGE, SmsEvent.SENT, sent, confirm);
        // The ack follows the event's confirm, as in sms-worker and the lean reference: no ack for an unstored outcome.
        if (!confirm.getFuture().get(CONFIRM_TIMEOUT_SECONDS, TimeUnit.SECONDS).ack()) {
            throw new AmqpException("the broker refused the sent event of " + request.messageId());
        }
    }

    /** The one member of Twilio's Message resource this worker reads. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record TwilioMessage(String sid) {
    }
}
