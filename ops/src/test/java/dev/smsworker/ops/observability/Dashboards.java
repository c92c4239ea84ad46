package dev.smsworker.ops.observability;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Grafana dashboards in ops/grafana/dashboards and the PromQL of their panels. */
final class Dashboards {

    static final String DIR = "ops/grafana/dashboards";

    /** One panel query: where it is (dashboard, panel title, refId) and its expression as Grafana stores it. */
    record Query(String dashboard, String panel, String refId, String expr) {
        @Override
        public String toString() {
            return dashboard + " / " + panel + " / " + refId;
        }
    }

    private Dashboards() {
    }

    static List<String> files() {
        try (Stream<Path> files = Files.list(RepoFiles.path(DIR))) {
            return files.map(Path::getFileName).map(Path::toString).filter(name -> name.endsWith(".json")).sorted()
                    .map(name -> DIR + "/" + name).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Panels of every dashboard, rows' nested panels included, rows themselves excluded. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asString())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (String file : files()) {
            JsonNode dashboard = RepoFiles.json(file);
            for (JsonNode panel : panels(dashboard)) {
                for (JsonNode target : panel.path("targets")) {
                    queries.add(new Query(dashboard.path("title").asString(), panel.path("title").asString(),
                            target.path("refId").asString(), target.path("expr").asString()));
                }
            }
        }
        return queries;
    }
}
