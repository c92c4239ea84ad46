package dev.smsworker.ops.observability;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/** A real Prometheus server on a free port with its own config and data directory, and its HTTP query API. */
final class PrometheusProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static PrometheusProcess start(Map<String, Object> config, Path workDir) {
        Path binary = Executables.prometheus();
        int port = FreePort.pick();
        try {
            Path configFile = workDir.resolve("prometheus.yml");
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            Files.writeString(configFile, new Yaml(options).dump(config));
            Path log = workDir.resolve("prometheus.log");
            Process process = new ProcessBuilder(binary.toString(),
                    "--config.file=" + configFile,
                    "--storage.tsdb.path=" + workDir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PrometheusProcess prometheus = new PrometheusProcess(process, port, log);
            await("prometheus ready (log: " + log + ")").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        if (!process.isAlive()) {
                            fail("prometheus exited with " + process.exitValue() + ", see " + log);
                        }
                        try {
                            return prometheus.get("/-/ready").statusCode() == 200;
                        } catch (UncheckedIOException e) {
                            // Not listening yet: a loaded machine takes its time to start it.
                            return false;
                        }
                    });
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An instant query. A PromQL syntax error comes back as 400 with errorType bad_data. */
    Response query(String promql) {
        HttpResponse<byte[]> response = get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return new Response(response.statusCode(), RepoFiles.json(response.body()));
    }

    JsonNode api(String path) {
        return RepoFiles.json(get(path).body());
    }

    private HttpResponse<byte[]> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** What /api/v1/query answered: the HTTP status and the JSON body. */
    record Response(int status, JsonNode body) {

        boolean ok() {
            return status == 200 && "success".equals(body.path("status").asString());
        }

        List<JsonNode> series() {
            return body.path("data").path("result").valueStream().toList();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}
