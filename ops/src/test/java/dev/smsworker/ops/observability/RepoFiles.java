package dev.smsworker.ops.observability;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The repository's files, read the way the tools that use them read them: YAML, JSON or text. */
final class RepoFiles {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RepoFiles() {
    }

    /** The repository root: the first folder upwards from the working directory holding ops/ and worker/. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isDirectory(dir.resolve("ops")) && Files.isDirectory(dir.resolve("worker"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("not inside the sms-worker repository: " + Path.of("").toAbsolutePath());
    }

    static Path path(String relative) {
        return root().resolve(relative);
    }

    static String text(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String relative) {
        return (Map<String, Object>) new Yaml().load(text(relative));
    }

    /** Every document of a multi-document YAML file (Kubernetes manifests). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String relative) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml().loadAll(text(relative))) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    static JsonNode json(String relative) {
        return JSON.readTree(text(relative));
    }

    static JsonNode json(byte[] body) {
        return JSON.readTree(body);
    }

    /** {@code map.get(a).get(b)...} through nested YAML maps; fails naming the missing key. */
    @SuppressWarnings("unchecked")
    static <T> T at(Map<String, Object> map, String... keys) {
        Object current = map;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> m) || !m.containsKey(key)) {
                throw new AssertionError("no " + String.join(".", keys) + " (missing " + key + ")");
            }
            current = m.get(key);
        }
        return (T) current;
    }
}
