package dev.smsworker.bench.perf.lean;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Delivery;
import dev.smsworker.bench.perf.ReadinessEndpoint;
import dev.smsworker.contracts.Topology;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The lean reference for the benchmark (issue 16): exactly sms-worker's I/O per message and nothing else.
 * Consume (manual ack, the worker's prefetch), parse the request with Jackson, POST Twilio's form with OkHttp
 * on a virtual thread, publish a {@code sent} status event on a confirm channel whose confirms are tracked
 * (asynchronously, by sequence number), and ack the delivery once its event is confirmed. No validation,
 * dedup, retry, metrics, logging or framework: what is left when a worker does only the I/O.
 *
 * <p>Run by the benchmark as {@code java -Dloader.main=dev.smsworker.bench.perf.lean.LeanWorker -jar sms-bench.jar
 * --host H --port P --vhost V --provider http://127.0.0.1:N/ --prefetch 1000 --server.port=M}; answers
 * {@code /actuator/health/readiness} with 200 once it consumes, as the worker does.
 */
public final class LeanWorker {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Channel consume;
    private final Channel events;
    private final OkHttpClient http;
    private final String messagesUrl;
    /** Publish sequence number of an event to the delivery tag it settles. */
    private final ConcurrentNavigableMap<Long, Long> unconfirmed = new ConcurrentSkipListMap<>();

    private LeanWorker(Connection connection, String providerBaseUrl) throws IOException {
        this.consume = connection.createChannel();
        this.events = connection.createChannel();
        this.events.confirmSelect();
        this.events.addConfirmListener((sequence, multiple) -> settle(sequence, multiple, true),
                (sequence, multiple) -> settle(sequence, multiple, false));
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(4096);
        dispatcher.setMaxRequestsPerHost(4096);
        this.http = new OkHttpClient.Builder().retryOnConnectionFailure(false).dispatcher(dispatcher)
                .connectionPool(new ConnectionPool(512, 5, TimeUnit.MINUTES)).build();
        this.messagesUrl = providerBaseUrl + "2010-04-01/Accounts/AC1/Messages.json";
    }

    /** The arguments {@link #main} takes, but {@code --server.port}, which {@code WorkerProcess} adds. */
    public static List<String> arguments(String host, int port, String vhost, String providerBaseUrl, int prefetch) {
        return List.of("--host", host, "--port", String.valueOf(port), "--vhost", vhost, "--provider", providerBaseUrl,
                "--prefetch", String.valueOf(prefetch));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(options.getOrDefault("host", "127.0.0.1"));
        factory.setPort(Integer.parseInt(options.getOrDefault("port", "5672")));
        factory.setVirtualHost(options.getOrDefault("vhost", "/"));
        Connection connection = factory.newConnection("lean-reference");
        LeanWorker worker = new LeanWorker(connection, options.get("provider"));
        ExecutorService sends = Executors.newVirtualThreadPerTaskExecutor();
        worker.consume.basicQos(Integer.parseInt(options.getOrDefault("prefetch", "1000")));
        worker.consume.basicConsume(options.getOrDefault("queue", Topology.SEND_QUEUE), false,
                (tag, delivery) -> sends.execute(() -> worker.handle(delivery)), tag -> { });
        ReadinessEndpoint readiness = ReadinessEndpoint.start(Integer.parseInt(options.get("server.port")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            readiness.close();
            try {
                connection.close(5_000);
            } catch (IOException e) {
                // exiting anyway
            }
        }));
    }

    private void handle(Delivery delivery) {
        long tag = delivery.getEnvelope().getDeliveryTag();
        try {
            JsonNode request = JSON.readTree(delivery.getBody());
            String messageId = request.get("messageId").asString();
            Request call = new Request.Builder().url(messagesUrl)
                    .post(new FormBody.Builder().add("To", request.get("to").asString()).add("From", "+15005550006")
                            .add("Body", request.get("body").asString()).build())
                    .build();
            String sid;
            try (Response response = http.newCall(call).execute()) {
                sid = JSON.readTree(response.body().bytes()).path("sid").asString(null);
            }
            ObjectNode event = JSON.createObjectNode().put("type", "sent").put("messageId", messageId)
                    .put("provider", "twilio").put("providerMessageId", sid);
            AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().contentType("application/json")
                    .messageId(messageId).build();
            byte[] body = JSON.writeValueAsBytes(event);
            synchronized (events) {
                unconfirmed.put(events.getNextPublishSeqNo(), tag);
                events.basicPublish(Topology.EVENTS_EXCHANGE, "sent", properties, body);
            }
        } catch (IOException | RuntimeException e) {
            nack(tag);
        }
    }

    /** Acks (or hands back) the deliveries whose events the broker confirmed (or refused). */
    private void settle(long sequence, boolean multiple, boolean confirmed) {
        Map<Long, Long> done = multiple ? unconfirmed.headMap(sequence, true) : singleton(sequence);
        for (Long tag : done.values()) {
            try {
                if (confirmed) {
                    consume.basicAck(tag, false);
                } else {
                    consume.basicNack(tag, false, true);
                }
            } catch (IOException e) {
                // the channel closed; the broker redelivers
            }
        }
        done.clear();
    }

    private Map<Long, Long> singleton(long sequence) {
        Long tag = unconfirmed.remove(sequence);
        Map<Long, Long> one = new HashMap<>();
        if (tag != null) {
            one.put(sequence, tag);
        }
        return one;
    }

    private void nack(long tag) {
        try {
            consume.basicNack(tag, false, true);
        } catch (IOException e) {
            // the channel closed; the broker redelivers
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            }
        }
        return options;
    }
}
