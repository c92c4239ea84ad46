package dev.smsworker.ops.observability;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboards are well-formed Grafana JSON wired to the provisioned datasource, and together they
 * show what on-call needs. Whether each query is valid PromQL that returns data is
 * {@link ObservabilityStackIT}'s job, against a real Prometheus.
 */
class DashboardsTest {

    /** Template variables ObservabilityStackIT knows how to substitute. */
    static final Set<String> KNOWN_VARIABLES = Set.of("vhost", "__rate_interval");

    @Test
    void everyDashboardHasAUidATitleAndUniquePanelIds() {
        Set<String> uids = new HashSet<>();
        for (String file : Dashboards.files()) {
            JsonNode dashboard = RepoFiles.json(file);
            assertThat(uids.add(dashboard.path("uid").asString())).as(file + " uid unique").isTrue();
            assertThat(dashboard.path("title").asString()).as(file).isNotBlank();
            Set<Integer> ids = new HashSet<>();
            for (JsonNode panel : dashboard.path("panels")) {
                assertThat(ids.add(panel.path("id").asInt())).as(file + " panel id " + panel.path("id")).isTrue();
            }
        }
        assertThat(uids).isNotEmpty();
    }

    @Test
    void everyPanelQueriesTheProvisionedDatasource() {
        Map<String, Object> provisioning = RepoFiles.yaml("ops/grafana/provisioning/datasources/prometheus.yml");
        List<Map<String, Object>> datasources = RepoFiles.at(provisioning, "datasources");
        String uid = (String) datasources.getFirst().get("uid");
        for (String file : Dashboards.files()) {
            for (JsonNode panel : Dashboards.panels(RepoFiles.json(file))) {
                String title = file + " / " + panel.path("title").asString();
                assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo(uid);
                assertThat(panel.path("targets").size()).as(title + " has queries").isPositive();
                for (JsonNode target : panel.path("targets")) {
                    assertThat(target.path("refId").asString()).as(title).isNotBlank();
                    assertThat(target.path("expr").asString()).as(title).isNotBlank();
                }
            }
        }
    }

    @Test
    void panelsFitTheGridWithoutOverlapping() {
        for (String file : Dashboards.files()) {
            List<int[]> boxes = new ArrayList<>();
            for (JsonNode panel : RepoFiles.json(file).path("panels")) {
                JsonNode grid = panel.path("gridPos");
                int[] box = {grid.path("x").asInt(), grid.path("y").asInt(), grid.path("w").asInt(), grid.path("h").asInt()};
                assertThat(box[0] + box[2]).as(file + " " + panel.path("title").asString() + " within 24 columns").isLessThanOrEqualTo(24);
                for (int[] other : boxes) {
                    boolean overlap = box[0] < other[0] + other[2] && other[0] < box[0] + box[2]
                            && box[1] < other[1] + other[3] && other[1] < box[1] + box[3];
                    assertThat(overlap).as(file + " " + panel.path("title").asString() + " overlaps another panel").isFalse();
                }
                boxes.add(box);
            }
        }
    }

    @Test
    void queriesUseOnlyVariablesTheStackTestSubstitutes() {
        Pattern variable = Pattern.compile("\\$\\{?(\\w+)");
        Set<String> used = new TreeSet<>();
        for (Dashboards.Query query : Dashboards.queries()) {
            Matcher matcher = variable.matcher(query.expr());
            while (matcher.find()) {
                used.add(matcher.group(1));
            }
        }
        assertThat(KNOWN_VARIABLES).containsAll(used);
    }

    @Test
    void dashboardsShowQueuesOutcomesProvidersBreakersRetriesAndTheCanary() {
        String all = String.join("\n", Dashboards.queries().stream().map(Dashboards.Query::expr).toList());
        assertThat(all).contains(
                "rabbitmq_detailed_queue_messages{", "sms\\\\.retry", "queue=\"sms.failed\"",
                "rabbitmq_detailed_queue_consumers",
                "rabbitmq_detailed_queue_exchange_messages_published_total", "rabbitmq_detailed_queue_messages_published_total",
                "rabbitmq_detailed_queue_messages_delivered_ack_total", "rabbitmq_detailed_channel_messages_delivered_ack_total",
                "rabbitmq_detailed_queue_messages_acked_total", "rabbitmq_detailed_channel_messages_acked_total",
                "sum by (provider, outcome) (rate(sms_messages_total", "sum by (error_class, outcome)",
                "histogram_quantile(0.99, sum by (provider, le) (rate(sms_provider_latency_seconds_bucket",
                "resilience4j_circuitbreaker_state", "resilience4j_circuitbreaker_calls_seconds_count",
                "sum by (tier) (rate(sms_retries_total", "sms_canary_latency_seconds");
    }
}
