package dev.smsworker.worker.tracing;

import dev.smsworker.worker.support.Requests;
import dev.smsworker.worker.support.WorkerFixture;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.ByteString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One property turns export on (issue 15): with {@code management.opentelemetry.tracing.export.otlp.endpoint}
 * set, the attempt's and the provider call's spans reach an OTLP/HTTP collector (faked with MockWebServer),
 * in the publisher's trace.
 */
class TraceExportIT {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final List<ByteString> exported = new CopyOnWriteArrayList<>();
    private static final MockWebServer collector = collector();

    @RegisterExtension
    static final WorkerFixture fixture = new WorkerFixture("trace-export",
            "management.opentelemetry.tracing.export.otlp.endpoint=" + collector.url("/v1/traces"),
            "management.opentelemetry.tracing.export.schedule-delay=200ms");

    @AfterAll
    static void stop() {
        collector.close();
    }

    @Test
    void theAttemptAndTheProviderCallAreExportedInThePublishersTrace() {
        String id = Requests.uniqueId();

        fixture.client().publish("send.transactional", Requests.json(id, "transactional", "exported " + id),
                Map.of("traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01"));

        ByteString traceId = ByteString.decodeHex(TRACE_ID);
        await().atMost(Duration.ofSeconds(30)).until(() -> spanNamesIn(traceId).containsAll(List.of("sms attempt", "sms provider call")));
    }

    /** Span names found in export requests that carry this trace id (OTLP protobuf: raw id bytes, names as UTF-8). */
    private static List<String> spanNamesIn(ByteString traceId) {
        return exported.stream().filter(body -> body.indexOf(traceId) >= 0)
                .flatMap(body -> List.of("sms attempt", "sms provider call").stream().filter(name -> body.indexOf(ByteString.encodeUtf8(name)) >= 0))
                .distinct().toList();
    }

    private static MockWebServer collector() {
        MockWebServer server = new MockWebServer();
        server.setDispatcher(new mockwebserver3.Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if (request.getBody() != null) {
                    exported.add(request.getBody());
                }
                return new MockResponse.Builder().code(200).build();
            }
        });
        try {
            server.start(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return server;
    }
}
