package dev.smsworker.ops.observability;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The alert rules pass promtool's checks and unit tests, and every alert is tested and documented. */
class PrometheusRulesTest {

    static final String RULES = "ops/prometheus/rules/sms-worker.rules.yml";
    static final String RULE_TESTS = "ops/prometheus/tests/sms-worker.rules.test.yml";
    private static final Path PROMETHEUS_DIR = RepoFiles.path("ops/prometheus");

    @Test
    void rulesPassPromtoolCheck() {
        CommandResult result = CommandResult.run(PROMETHEUS_DIR, Executables.promtool(), "check", "rules", "rules/sms-worker.rules.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void prometheusConfigPassesPromtoolCheck() {
        CommandResult result = CommandResult.run(PROMETHEUS_DIR, Executables.promtool(), "check", "config", "prometheus.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void ruleUnitTestsPass() {
        CommandResult result = CommandResult.run(PROMETHEUS_DIR, Executables.promtool(), "test", "rules", "tests/sms-worker.rules.test.yml");
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS");
    }

    @Test
    void everyAlertHasASeverityAndARunbookSectionThatExists() {
        Set<String> anchors = runbookAnchors();
        for (Map<String, Object> alert : alerts()) {
            String name = (String) alert.get("alert");
            assertThat((String) RepoFiles.at(alert, "labels", "severity")).as(name).isIn("critical", "warning");
            String runbookUrl = RepoFiles.at(alert, "annotations", "runbook_url");
            assertThat(runbookUrl).as(name).isEqualTo("ops/RUNBOOK.md#" + name.toLowerCase());
            assertThat(anchors).as("RUNBOOK.md section for " + name).contains(name.toLowerCase());
            assertThat((String) RepoFiles.at(alert, "annotations", "summary")).as(name).isNotBlank();
        }
    }

    @Test
    void everyAlertIsUnitTestedBothFiringAndQuiet() {
        Set<String> firing = new TreeSet<>();
        Set<String> quiet = new TreeSet<>();
        List<Map<String, Object>> tests = RepoFiles.at(RepoFiles.yaml(RULE_TESTS), "tests");
        for (Map<String, Object> test : tests) {
            List<Map<String, Object>> cases = RepoFiles.at(test, "alert_rule_test");
            for (Map<String, Object> testCase : cases) {
                List<?> expected = (List<?>) testCase.get("exp_alerts");
                (expected == null || expected.isEmpty() ? quiet : firing).add((String) testCase.get("alertname"));
            }
        }
        Set<String> names = new TreeSet<>();
        alerts().forEach(alert -> names.add((String) alert.get("alert")));
        assertThat(firing).as("alerts with a firing case").containsAll(names);
        assertThat(quiet).as("alerts with a quiet case").containsAll(names);
    }

    /** Every alerting rule (an alert name may have several rules, e.g. one per lane). */
    static List<Map<String, Object>> alerts() {
        List<Map<String, Object>> alerts = new ArrayList<>();
        List<Map<String, Object>> groups = RepoFiles.at(RepoFiles.yaml(RULES), "groups");
        for (Map<String, Object> group : groups) {
            List<Map<String, Object>> rules = RepoFiles.at(group, "rules");
            rules.stream().filter(rule -> rule.containsKey("alert")).forEach(alerts::add);
        }
        assertThat(alerts).isNotEmpty();
        return alerts;
    }

    /** GitHub's anchors for the runbook's second-level headings: lower case, spaces to dashes. */
    private static Set<String> runbookAnchors() {
        Set<String> anchors = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^## (.+)$").matcher(RepoFiles.text("ops/RUNBOOK.md"));
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase().replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
