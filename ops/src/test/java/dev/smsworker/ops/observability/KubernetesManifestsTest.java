package dev.smsworker.ops.observability;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ops/k8s parses as Kubernetes YAML and wires probes, shutdown, secrets, metrics and KEDA to the worker. */
class KubernetesManifestsTest {

    private final List<Map<String, Object>> resources = resources();

    @Test
    void kustomizationListsFilesThatExist() {
        List<String> files = RepoFiles.at(RepoFiles.yaml("ops/k8s/kustomization.yaml"), "resources");
        files.forEach(file -> assertThat(RepoFiles.path("ops/k8s/" + file)).exists());
        assertThat(resources).extracting(r -> r.get("kind"))
                .contains("Deployment", "Service", "ScaledObject", "TriggerAuthentication", "PodDisruptionBudget", "StatefulSet");
    }

    @Test
    void probesUseTheActuatorHealthGroups() {
        Map<String, Object> container = workerContainer();
        assertThat((String) RepoFiles.at(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        assertThat((String) RepoFiles.at(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
        assertThat((String) RepoFiles.at(container, "startupProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
        int startupSeconds = (int) RepoFiles.at(container, "startupProbe", "periodSeconds")
                * (int) RepoFiles.at(container, "startupProbe", "failureThreshold");
        // The worker waits up to sms.broker.startup-timeout (60s) for the broker before giving up itself.
        assertThat(startupSeconds).isGreaterThan(60);
    }

    /** The actuator listens on 127.0.0.1 by default; kubelet and Prometheus come over the pod network. */
    @Test
    void probesReachTheActuatorOnThePodNetworkOnTheWorkersPort() {
        Map<String, Object> container = workerContainer();
        int port = RepoFiles.at(RepoFiles.yaml("worker/src/main/resources/application.yml"), "server", "port");
        List<Map<String, Object>> ports = RepoFiles.at(container, "ports");
        assertThat(ports).anySatisfy(p -> assertThat(p).containsEntry("name", "http").containsEntry("containerPort", port));
        List<Map<String, Object>> env = RepoFiles.at(container, "env");
        assertThat(env).anySatisfy(e -> assertThat(e).containsEntry("name", "SERVER_ADDRESS").containsEntry("value", "0.0.0.0"));
        Map<String, Object> service = kind("Service");
        assertThat((String) RepoFiles.at(service, "metadata", "annotations", "prometheus.io/port")).isEqualTo(String.valueOf(port));
    }

    @Test
    void kubernetesWaitsLongerThanTheWorkerDrains() {
        int grace = RepoFiles.at(deployment(), "spec", "template", "spec", "terminationGracePeriodSeconds");
        assertThat((long) grace).isGreaterThan(ShutdownBudget.workerShutdownPhase().toSeconds());
        // The drain the manifest sets fits in the worker's shutdown phase, which fits in the grace.
        Duration drain = ShutdownBudget.duration(env("SMS_CONSUMER_DRAIN_TIMEOUT"));
        assertThat(drain).isLessThan(ShutdownBudget.workerShutdownPhase());
        assertThat(workerContainer()).as("a preStop hook delays the drain; the grace would have to cover it too")
                .doesNotContainKey("lifecycle");
    }

    /**
     * Issue 11: the manifests ran 2 to 10 replicas on a sent-id record in process memory, which protects
     * one process only. With more than one replica the record is Redis, required, and its URI a Secret.
     */
    @Test
    void severalReplicasShareARequiredSentRecordInRedis() {
        int replicas = Math.max(RepoFiles.<Integer>at(deployment(), "spec", "replicas"),
                RepoFiles.<Integer>at(kind("ScaledObject"), "spec", "maxReplicaCount"));
        assertThat(replicas).isGreaterThan(1);

        assertThat(env("SMS_DEDUP_STORE")).isEqualTo("redis");
        assertThat(env("SMS_DEDUP_REQUIRED")).isNotEqualTo("false");
        Map<String, Object> uri = envVar("SMS_DEDUP_REDIS_URI");
        String secret = RepoFiles.at(uri, "valueFrom", "secretKeyRef", "name");
        String key = RepoFiles.at(uri, "valueFrom", "secretKeyRef", "key");
        Map<String, Object> documented = RepoFiles.yamlDocuments("ops/k8s/secrets.example.yaml").stream()
                .filter(d -> secret.equals(RepoFiles.at(d, "metadata", "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("secrets.example.yaml does not document the Secret " + secret));
        assertThat(RepoFiles.<Map<String, Object>>at(documented, "stringData")).containsKey(key);
        // The example Redis is the one the documented URI names.
        assertThat((String) RepoFiles.at(documented, "stringData", key))
                .contains((String) RepoFiles.at(kind("Service", "sms-redis"), "metadata", "name"));
    }

    @Test
    void consumersKnowEveryNodeOfTheCluster() {
        assertThat(env("SPRING_RABBITMQ_ADDRESSES").split(",")).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aDisruptionTakesOneWorkerAtATime() {
        Map<String, Object> budget = kind("PodDisruptionBudget");
        assertThat((Object) RepoFiles.at(budget, "spec", "selector", "matchLabels"))
                .isEqualTo(RepoFiles.at(deployment(), "spec", "template", "metadata", "labels"));
        assertThat((int) RepoFiles.at(budget, "spec", "maxUnavailable")).isEqualTo(1);
        // One worker away still leaves one consuming every lane.
        assertThat((int) RepoFiles.at(kind("ScaledObject"), "spec", "minReplicaCount")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void providerCredentialsComeFromASecretAndResourcesAreSet() {
        Map<String, Object> container = workerContainer();
        List<Map<String, Object>> envFrom = RepoFiles.at(container, "envFrom");
        assertThat((String) RepoFiles.at(envFrom.getFirst(), "secretRef", "name")).isEqualTo("sms-worker-providers");
        Map<String, Object> requests = RepoFiles.at(container, "resources", "requests");
        assertThat(requests).containsKeys("cpu", "memory");
        Map<String, Object> limits = RepoFiles.at(container, "resources", "limits");
        assertThat(limits).containsKey("memory");
        assertThat((Boolean) RepoFiles.at(deployment(), "spec", "template", "spec", "securityContext", "runAsNonRoot")).isTrue();
    }

    @Test
    void metricsServiceSelectsTheWorkerAndKeepsTheJobNameTheRulesUse() {
        Map<String, Object> service = kind("Service");
        assertThat((String) RepoFiles.at(service, "metadata", "name")).isEqualTo("sms-worker");
        Map<String, Object> selector = RepoFiles.at(service, "spec", "selector");
        assertThat(selector).isEqualTo((Object) RepoFiles.at(deployment(), "spec", "template", "metadata", "labels"));
        assertThat((String) RepoFiles.at(service, "metadata", "annotations", "prometheus.io/path")).isEqualTo("/actuator/prometheus");
    }

    @Test
    void kedaScalesTheDeploymentOnBothWorkQueues() {
        Map<String, Object> scaledObject = kind("ScaledObject");
        assertThat((String) RepoFiles.at(scaledObject, "spec", "scaleTargetRef", "name"))
                .isEqualTo(RepoFiles.at(deployment(), "metadata", "name"));
        assertThat((int) RepoFiles.at(scaledObject, "spec", "minReplicaCount")).isGreaterThanOrEqualTo(1);
        List<Map<String, Object>> triggers = RepoFiles.at(scaledObject, "spec", "triggers");
        assertThat(triggers).extracting(t -> t.get("type")).containsOnly("rabbitmq");
        assertThat(triggers).extracting(t -> RepoFiles.at(t, "metadata", "queueName")).containsExactlyInAnyOrder("sms.send", "sms.send.otp");
        String authentication = RepoFiles.at(kind("TriggerAuthentication"), "metadata", "name");
        triggers.forEach(t -> assertThat((String) RepoFiles.at(t, "authenticationRef", "name")).isEqualTo(authentication));
    }

    private Map<String, Object> deployment() {
        return kind("Deployment");
    }

    private Map<String, Object> workerContainer() {
        List<Map<String, Object>> containers = RepoFiles.at(deployment(), "spec", "template", "spec", "containers");
        return containers.getFirst();
    }

    private Map<String, Object> kind(String kind) {
        return resources.stream().filter(r -> kind.equals(r.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in ops/k8s"));
    }

    private Map<String, Object> kind(String kind, String name) {
        return resources.stream().filter(r -> kind.equals(r.get("kind")) && name.equals(RepoFiles.at(r, "metadata", "name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in ops/k8s"));
    }

    private Map<String, Object> envVar(String name) {
        List<Map<String, Object>> env = RepoFiles.at(workerContainer(), "env");
        return env.stream().filter(e -> name.equals(e.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("the worker container sets no " + name));
    }

    private String env(String name) {
        return String.valueOf(envVar(name).get("value"));
    }

    private static List<Map<String, Object>> resources() {
        List<Map<String, Object>> all = new ArrayList<>();
        List<String> files = RepoFiles.at(RepoFiles.yaml("ops/k8s/kustomization.yaml"), "resources");
        for (String file : files) {
            for (Map<String, Object> document : RepoFiles.yamlDocuments("ops/k8s/" + file)) {
                assertThat(document).as(file).containsKeys("apiVersion", "kind", "metadata");
                all.add(document);
            }
        }
        return all;
    }
}
