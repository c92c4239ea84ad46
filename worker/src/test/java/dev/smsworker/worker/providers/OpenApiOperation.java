package dev.smsworker.worker.providers;

import mockwebserver3.RecordedRequest;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One operation of a vendor's OpenAPI description (a trimmed copy in {@code provider-specs/}), and the
 * checks a request we sent must pass against it: method, path, content type, auth scheme, required
 * fields, field names, and each field's declared type, length, pattern and enum.
 */
@SuppressWarnings("unchecked")
public final class OpenApiOperation {

    private final Map<String, Object> spec;
    private final String method;
    private final String basePath;
    private final String pathTemplate;
    private final Map<String, Object> operation;

    private OpenApiOperation(Map<String, Object> spec, String pathTemplate, String method) {
        this.spec = spec;
        this.method = method;
        this.pathTemplate = pathTemplate;
        Map<String, Object> path = (Map<String, Object>) ((Map<String, Object>) spec.get("paths")).get(pathTemplate);
        this.operation = (Map<String, Object>) path.get(method.toLowerCase());
        List<Map<String, Object>> servers = (List<Map<String, Object>>) path.getOrDefault("servers", spec.get("servers"));
        String server = URI.create((String) servers.getFirst().get("url")).getPath();
        this.basePath = server == null || server.equals("/") ? "" : server;
    }

    /** Loads {@code provider-specs/<file>} (JSON or YAML) from the test class path. */
    public static OpenApiOperation load(String file, String pathTemplate, String method) {
        try (InputStream in = OpenApiOperation.class.getResourceAsStream("/provider-specs/" + file)) {
            Map<String, Object> spec = file.endsWith(".json")
                    ? JsonMapper.builder().build().readValue(in, Map.class)
                    : new Yaml().load(in);
            return new OpenApiOperation(spec, pathTemplate, method);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, Object> spec() {
        return spec;
    }

    /** The request's path, against the server's base path and the template with its parameters' patterns. */
    public void assertPath(RecordedRequest request) {
        assertThat(request.getMethod()).as("method").isEqualTo(method);
        StringBuilder regex = new StringBuilder(Pattern.quote(basePath));
        for (String segment : pathTemplate.substring(1).split("/")) {
            regex.append("/");
            regex.append(segment.startsWith("{") ? "(?<" + segment.substring(1, segment.indexOf('}')) + ">[^/]+)"
                    + Pattern.quote(segment.substring(segment.indexOf('}') + 1)) : Pattern.quote(segment));
        }
        var matcher = Pattern.compile(regex.toString()).matcher(request.getUrl().encodedPath());
        assertThat(matcher.matches()).as("path " + request.getUrl().encodedPath() + " matches " + basePath + pathTemplate).isTrue();
        for (Map<String, Object> parameter : (List<Map<String, Object>>) operation.getOrDefault("parameters", List.of())) {
            if ("path".equals(parameter.get("in"))) {
                String name = (String) parameter.get("name");
                assertValue("path parameter " + name, matcher.group(name), resolve((Map<String, Object>) parameter.get("schema")));
            }
        }
    }

    /** The Content-Type is one the operation's request body declares. */
    public String assertContentType(RecordedRequest request) {
        Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) operation.get("requestBody")).get("content");
        String sent = request.getHeaders().get("Content-Type");
        String declared = content.keySet().stream().filter(type -> sent != null && sent.startsWith(type)).findFirst().orElse(null);
        assertThat(declared).as("Content-Type " + sent + " is one of " + content.keySet()).isNotNull();
        return declared;
    }

    /** The security schemes the operation requires, e.g. {@code [http/basic]}; empty when none is declared. */
    public List<String> securitySchemes() {
        List<String> schemes = new ArrayList<>();
        List<Map<String, Object>> security = (List<Map<String, Object>>) operation.getOrDefault("security", spec.getOrDefault("security", List.of()));
        Map<String, Object> declared = (Map<String, Object>) ((Map<String, Object>) spec.getOrDefault("components", Map.of()))
                .getOrDefault("securitySchemes", Map.of());
        for (Map<String, Object> requirement : security) {
            for (String name : requirement.keySet()) {
                Map<String, Object> scheme = (Map<String, Object>) declared.get(name);
                schemes.add(scheme.get("type") + "/" + scheme.get("scheme"));
            }
        }
        return schemes;
    }

    /** Required fields present, no field the schema doesn't declare, and each value as its schema says. */
    public void assertFields(String contentType, Map<String, String> fields) {
        Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) operation.get("requestBody")).get("content");
        Map<String, Object> schema = resolve((Map<String, Object>) ((Map<String, Object>) content.get(contentType)).get("schema"));
        Map<String, Object> properties = (Map<String, Object>) schema.get("properties");
        assertThat(fields.keySet()).as("fields we send, all declared by the spec").isSubsetOf(properties.keySet());
        assertThat(fields.keySet()).as("the spec's required fields").containsAll((List<String>) schema.getOrDefault("required", List.of()));
        fields.forEach((name, value) -> assertValue("field " + name, value, resolve((Map<String, Object>) properties.get(name))));
    }

    /** A schema with its {@code $ref} followed. */
    public Map<String, Object> resolve(Map<String, Object> schema) {
        Object ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        Map<String, Object> target = spec;
        for (String part : ((String) ref).substring(2).split("/")) {
            target = (Map<String, Object>) target.get(part);
        }
        return resolve(target);
    }

    private static void assertValue(String what, String value, Map<String, Object> schema) {
        switch (String.valueOf(schema.getOrDefault("type", "string"))) {
            case "integer" -> {
                assertThat(value).as(what + " is an integer").matches("-?\\d+");
                if (schema.get("minimum") instanceof Number min) {
                    assertThat(Long.parseLong(value)).as(what + " minimum").isGreaterThanOrEqualTo(min.longValue());
                }
                if (schema.get("maximum") instanceof Number max) {
                    assertThat(Long.parseLong(value)).as(what + " maximum").isLessThanOrEqualTo(max.longValue());
                }
            }
            case "boolean" -> assertThat(value).as(what + " is a boolean").isIn("true", "false");
            case "number" -> assertThat(value).as(what + " is a number").matches("-?\\d+(\\.\\d+)?");
            default -> {
                if (schema.get("minLength") instanceof Number min) {
                    assertThat(value.length()).as(what + " minLength").isGreaterThanOrEqualTo(min.intValue());
                }
                if (schema.get("maxLength") instanceof Number max) {
                    assertThat(value.length()).as(what + " maxLength").isLessThanOrEqualTo(max.intValue());
                }
                if (schema.get("pattern") instanceof String pattern) {
                    assertThat(Pattern.compile(pattern).matcher(value).find()).as(what + " '" + value + "' matches " + pattern).isTrue();
                }
            }
        }
        if (schema.get("enum") instanceof List<?> values) {
            assertThat(values.stream().map(String::valueOf).toList()).as(what + " enum").contains(value);
        }
    }
}
