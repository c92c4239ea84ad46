package dev.smsworker.worker.aot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The actuator calls every running worker gets (the orchestrator's probes, Prometheus's scrape), made by the training
 * start so that the AOT cache holds their classes too. Without them a worker's first readiness probe loaded about 250
 * classes of Tomcat, Spring MVC, the actuator and Jackson from the jars and ran their code cold, and that probe is the
 * one that decides when the worker is ready (docs/performance.md, "2026-12-01").
 */
final class TrainingProbes {

    private static final Logger log = LoggerFactory.getLogger(TrainingProbes.class);
    /** The paths Kubernetes (ops/k8s) and Prometheus call; each a few times, as they do. */
    private static final List<String> PATHS = List.of("/health/readiness", "/health/liveness", "/health", "/prometheus");
    private static final int ROUNDS = 3;

    private TrainingProbes() {
    }

    /**
     * Calls each of {@link #PATHS} {@value #ROUNDS} times on the actuator's port ({@code local.management.port}, else
     * {@code local.server.port}, which Boot sets once its server listens) at 127.0.0.1. Answers are counted by status
     * and logged, not required: a readiness of 503 trains the same code. A failure is logged and ends the calls, never
     * the training.
     */
    static void call(Environment environment) {
        String port = environment.getProperty("local.management.port", environment.getProperty("local.server.port"));
        if (port == null || port.equals("-1")) {
            log.info("AOT training: no actuator port; the cache will not hold the probes' path");
            return;
        }
        String basePath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            Map<Integer, Integer> answers = new TreeMap<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (String path : PATHS) {
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + basePath + path))
                            .timeout(Duration.ofSeconds(10)).build();
                    answers.merge(client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode(), 1, Integer::sum);
                }
            }
            log.info("AOT training: {} actuator calls made (status: calls {})", ROUNDS * PATHS.size(), answers);
        } catch (IOException e) {
            log.info("AOT training: actuator calls stopped ({}); the cache holds what ran", e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
