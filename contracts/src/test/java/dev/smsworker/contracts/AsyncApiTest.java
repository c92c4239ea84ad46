package dev.smsworker.contracts;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** asyncapi.yaml is documentation people and generators read: it must parse and keep up with the code. */
class AsyncApiTest {

    private static final JsonNode DOC = read();

    @Test
    void isAnAsyncApi3Document() {
        assertThat(DOC.get("asyncapi").asString()).startsWith("3.");
        assertThat(DOC.get("channels").propertyNames()).contains("requests", "failed", "events", "receipts", "feedback");
        assertThat(DOC.get("operations").propertyNames()).isNotEmpty();
    }

    @Test
    void documentsEveryHeaderConstant() throws Exception {
        Set<String> documented = new TreeSet<>();
        collectHeaderNames(DOC.get("components").get("schemas"), documented);
        collectHeaderNames(DOC.get("components").get("messages"), documented);

        assertThat(documented).containsAll(constants(Headers.class));
    }

    @Test
    void listsEveryErrorClassAndRefusalCode() throws Exception {
        JsonNode errorClass = DOC.get("components").get("schemas").get("failedHeaders").get("properties").get("sms-error-class");
        assertThat(errorClass.get("enum").valueStream().map(JsonNode::asString))
                .containsExactlyElementsOf(Arrays.stream(ErrorClass.values()).map(Enum::name).toList());
        String errorCode = DOC.get("components").get("schemas").get("failedHeaders").get("properties")
                .get("sms-error-code").get("description").asString();
        for (RefusalCode code : RefusalCode.values()) {
            assertThat(errorCode).as(code.name()).contains(code.code());
        }
    }

    @Test
    void namesTheTopologysExchangesAndQueues() throws Exception {
        String text = new String(resource("asyncapi.yaml").readAllBytes());
        for (String name : constants(Topology.class)) {
            if (!name.endsWith(".")) {
                assertThat(text).as(name).contains(name);
            }
        }
    }

    @Test
    void requestChannelOffersEveryKindAndEventsEveryType() {
        JsonNode kinds = DOC.get("channels").get("requests").get("parameters").get("kind").get("enum");
        assertThat(kinds.valueStream().map(JsonNode::asString))
                .containsExactlyElementsOf(Arrays.stream(Kind.values()).map(Kind::wireName).toList());
        JsonNode types = DOC.get("channels").get("events").get("parameters").get("type").get("enum");
        assertThat(types.valueStream().map(JsonNode::asString)).containsExactly(SmsEvent.SENT, SmsEvent.RETRYING, SmsEvent.FAILED,
                SmsEvent.DELIVERED, SmsEvent.UNDELIVERED);
    }

    @Test
    void payloadReferencesPointAtSchemasThatShipBesideIt() {
        List<String> refs = new ArrayList<>();
        DOC.get("components").get("messages").forEach(message ->
                refs.add(message.get("payload").get("schema").get("$ref").asString()));
        assertThat(refs).contains("sms-request.schema.json", "sms-event.schema.json", "delivery-receipt.schema.json",
                "conversion-feedback.schema.json");
        for (String ref : refs) {
            assertThat(AsyncApiTest.class.getResource(ref)).as(ref).isNotNull();
        }
    }

    @Test
    void internalReferencesResolve() {
        List<String> refs = new ArrayList<>();
        collectRefs(DOC, refs);
        for (String ref : refs.stream().filter(r -> r.startsWith("#/")).toList()) {
            assertThat(DOC.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    private static void collectHeaderNames(JsonNode node, Set<String> names) {
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                JsonNode child = node.get(name);
                if (name.equals("headers") && child.has("properties")) {
                    names.addAll(child.get("properties").propertyNames());
                }
                if (name.equals("properties") && node.has("type") && node.get("type").asString().equals("object")) {
                    names.addAll(child.propertyNames());
                }
                collectHeaderNames(child, names);
            }
        }
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (String name : node.propertyNames()) {
                if (name.equals("$ref")) {
                    refs.add(node.get(name).asString());
                } else {
                    collectRefs(node.get(name), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static List<String> constants(Class<?> type) throws IllegalAccessException {
        List<String> values = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                values.add((String) field.get(null));
            }
        }
        return values;
    }

    private static JsonNode read() {
        try (InputStream in = resource("asyncapi.yaml")) {
            return new YAMLMapper().readTree(in);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream resource(String name) {
        return AsyncApiTest.class.getResourceAsStream(name);
    }
}
