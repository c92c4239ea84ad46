package dev.smsworker.worker.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attempt's span with the real OpenTelemetry SDK (parent-based sampling, as the worker runs it): an unsampled
 * attempt carries its own context on and exports nothing; a sampled one is exported with its parent and its tags,
 * which it gets once started (issue 16).
 */
class MessageTracingTest {

    private static final String SAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String UNSAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(0.0)))
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final io.opentelemetry.api.trace.Tracer otel = provider.get("test");
    private final OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> { });
    private final OtelPropagator propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel);
    private final MessageTracing tracing = new MessageTracing(tracer, propagator);

    @AfterEach
    void close() {
        provider.close();
    }

    @Test
    void anUnsampledAttemptInjectsItsOwnContextAndExportsNothing() {
        Map<String, Object> first = new HashMap<>();
        Map<String, Object> second = new HashMap<>();
        Map<String, Object> expected = new HashMap<>();

        tracing.inAttempt(Map.of("traceparent", UNSAMPLED), "sms.send.otp", "m-1", () -> {
            tracing.inject(first);
            tracing.inject(second);
            propagator.inject(tracer.currentSpan().context(), expected, Map::put);
            return null;
        });

        assertThat(first).isEqualTo(expected).isEqualTo(second);
        assertThat((String) first.get("traceparent")).startsWith("00-0af7651916cd43dd8448eb211c80319c-").endsWith("-00")
                .isNotEqualTo(UNSAMPLED);
        assertThat(exported.getFinishedSpanItems()).isEmpty();
    }

    @Test
    void aSampledAttemptIsExportedWithItsTagsAndAChildSpanGetsItsOwnContext() {
        Map<String, Object> attempt = new HashMap<>();
        Map<String, Object> child = new HashMap<>();
        Map<String, Object> expectedChild = new HashMap<>();

        tracing.inAttempt(Map.of("traceparent", SAMPLED), "sms.send.otp", "m-1", () -> {
            tracing.inject(attempt);
            Span call = tracer.nextSpan().name("call").start();
            try (var ignored = tracer.withSpan(call)) {
                tracing.inject(child);
                propagator.inject(call.context(), expectedChild, Map::put);
            } finally {
                call.end();
            }
            return null;
        });

        assertThat(child).isEqualTo(expectedChild).isNotEqualTo(attempt);
        assertThat(exported.getFinishedSpanItems()).extracting(span -> span.getName()).containsExactlyInAnyOrder("call", "sms attempt");
        var span = exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals("sms attempt")).findFirst().orElseThrow();
        assertThat(span.getParentSpanId()).isEqualTo("b7ad6b7169203331");
        assertThat(span.getAttributes().asMap()).extractingFromEntries(e -> e.getKey().getKey() + "=" + e.getValue())
                .contains("messaging.system=rabbitmq", "messaging.destination.name=sms.send.otp", "messaging.message.id=m-1");
        assertThat(attempt.get("traceparent")).isEqualTo("00-0af7651916cd43dd8448eb211c80319c-" + span.getSpanId() + "-01");
    }

    @Test
    void outsideAnAttemptNothingIsInjected() {
        Map<String, Object> headers = new HashMap<>();
        tracing.inject(headers);
        assertThat(headers).isEmpty();
    }
}
