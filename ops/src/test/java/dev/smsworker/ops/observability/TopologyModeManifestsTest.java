package dev.smsworker.ops.observability;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege is the production default: Compose and ops/k8s run the worker in verify mode (the
 * broker's definitions applied the topology) and give its drift check the read-only monitoring user.
 */
class TopologyModeManifestsTest {

    @Test
    void composeRunsTheWorkerInVerifyModeWithTheMonitoringUserForTheDriftCheck() {
        Map<String, Object> worker = RepoFiles.at(RepoFiles.yaml("docker-compose.yml"), "services", "worker");
        Map<String, Object> environment = RepoFiles.at(worker, "environment");

        assertThat(environment).containsEntry("SMS_TOPOLOGY_MODE", "verify")
                .containsEntry("SMS_TOPOLOGY_MANAGEMENT_USERNAME", "sms-monitoring")
                .containsEntry("SMS_TOPOLOGY_MANAGEMENT_URL", "http://rabbitmq:15672");
    }

    @Test
    void kubernetesRunsTheWorkerInVerifyModeWithTheMonitoringPasswordFromASecret() {
        Map<String, Object> deployment = RepoFiles.yamlDocuments("ops/k8s/deployment.yaml").stream()
                .filter(r -> "Deployment".equals(r.get("kind"))).findFirst().orElseThrow();
        List<Map<String, Object>> containers = RepoFiles.at(deployment, "spec", "template", "spec", "containers");
        Map<String, Map<String, Object>> env = new HashMap<>();
        List<Map<String, Object>> entries = RepoFiles.at(containers.getFirst(), "env");
        entries.forEach(e -> env.put((String) e.get("name"), e));

        assertThat(env.get("SMS_TOPOLOGY_MODE")).containsEntry("value", "verify");
        assertThat(env.get("SMS_TOPOLOGY_MANAGEMENT_USERNAME")).containsEntry("value", "sms-monitoring");
        assertThat((String) RepoFiles.at(env.get("SMS_TOPOLOGY_MANAGEMENT_PASSWORD"), "valueFrom", "secretKeyRef", "key"))
                .isEqualTo("monitoring-password");
        assertThat(RepoFiles.text("ops/k8s/secrets.example.yaml")).contains("monitoring-password:");
    }
}
