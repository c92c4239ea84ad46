package dev.smsworker.bench.receipts;

import dev.smsworker.bench.Machine;
import dev.smsworker.bench.broker.Management;
import dev.smsworker.bench.perf.Stats;
import dev.smsworker.bench.provider.Answer;
import dev.smsworker.bench.provider.FakeTwilio;
import dev.smsworker.bench.provider.Script;
import dev.smsworker.testing.WorkerProcess;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How fast the receipt endpoint takes delivery receipts (issue 12): one worker process with receipts on, and
 * signed Twilio status callbacks POSTed by {@code callers} concurrent clients, each for a message id of its own.
 * Each request is the whole path a provider waits for: the signature checked, the receipt published to the
 * {@code sms.receipts} quorum queue and confirmed by the broker, then 200. Prints throughput and p50/p95/p99 per
 * concurrency level after a warm-up, with the machine's load. A figure, never a pass/fail.
 *
 * @param callers  the concurrency levels, e.g. 1, 16, 64
 * @param requests requests per level (after {@code warmUp} unmeasured ones)
 */
public record ReceiptsRun(List<Integer> callers, int requests, int warmUp, List<String> jvmArgs, String host, int port,
                          String managementUrl, Path workerJar, Path runDir, PrintStream out) {

    static final String TOKEN = "bench-receipts-token";
    static final String PUBLIC_URL = "https://dlr.example.com";

    public int run() throws Exception {
        Files.createDirectories(runDir);
        Management management = new Management(managementUrl);
        String vhost = management.createVhost("receipts");
        int receiptsPort = freePort();
        try (FakeTwilio provider = new FakeTwilio(Script.always(Answer.created(0)))) {
            List<String> args = new ArrayList<>(List.of("--spring.rabbitmq.host=" + host, "--spring.rabbitmq.port=" + port,
                    "--spring.rabbitmq.virtual-host=" + vhost, "--sms.receipts.enabled=true",
                    "--sms.receipts.port=" + receiptsPort, "--sms.receipts.address=127.0.0.1",
                    "--sms.receipts.public-url=" + PUBLIC_URL, "--sms.receipts.twilio.auth-token=" + TOKEN));
            args.addAll(List.of(provider.workerArguments()));
            try (WorkerProcess worker = WorkerProcess.start(workerJar, jvmArgs, args, runDir.resolve("worker.log"));
                 HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build()) {
                worker.awaitReady(Duration.ofMinutes(5));
                out.printf("receipt endpoint: signed Twilio callbacks, %d per level after %d warm-up; %s%n", requests, warmUp,
                        Machine.describe());
                out.println("| concurrent callers | requests | throughput | p50 | p95 | p99 | non-200 |");
                out.println("|---|---|---|---|---|---|---|");
                URI base = URI.create("http://127.0.0.1:" + receiptsPort);
                for (int level : callers) {
                    measure(http, base, level, warmUp);
                    Level result = measure(http, base, level, requests);
                    out.printf("| %d | %,d | %,.0f/s | %.0f ms | %.0f ms | %.0f ms | %d |%n", level, requests, result.perSecond(),
                            result.percentileMillis(50), result.percentileMillis(95), result.percentileMillis(99), result.failed());
                }
                out.printf("load average after: %s%n", Machine.loadAverage());
            }
        } finally {
            management.deleteVhost(vhost);
        }
        return 0;
    }

    /** @param sorted each request's latency, nanoseconds, ascending */
    private record Level(double perSecond, long[] sorted, int failed) {

        double percentileMillis(double p) {
            return Stats.percentile(sorted, p) / 1e6;
        }
    }

    private Level measure(HttpClient http, URI base, int callers, int count) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long[] nanos = new long[count];
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long begin = System.nanoTime();
                        if (post(http, base, "bench-" + System.nanoTime() + "-" + i) != 200) {
                            failed.incrementAndGet();
                        }
                        nanos[i] = System.nanoTime() - begin;
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        java.util.Arrays.sort(nanos);
        return new Level(count / seconds, nanos, failed.get());
    }

    /** A {@code delivered} status callback for message {@code ref}, signed as Twilio signs it. */
    private static int post(HttpClient http, URI base, String ref) throws Exception {
        TreeMap<String, String> form = new TreeMap<>();
        form.put("AccountSid", "AC1");
        form.put("MessageSid", "SM" + Integer.toHexString(ref.hashCode()) + "0".repeat(24));
        form.put("MessageStatus", "delivered");
        String path = "/receipts/twilio?ref=" + ref;
        StringBuilder signed = new StringBuilder(PUBLIC_URL + path);
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> {
            signed.append(name).append(value);
            body.append(body.isEmpty() ? "" : "&").append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Twilio-Signature", hmacSha1(signed.toString()))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Twilio's request signature: Base64 of HMAC-SHA1, keyed with the auth token, over URL + sorted form pairs. */
    private static String hmacSha1(String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA1");
        mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
