package dev.smsworker.ops.observability;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml, worker/Dockerfile and .dockerignore, checked as files: there is no Docker
 * engine on the machines that run these tests (and `docker compose` is not installed), so nothing here
 * starts a container. The checks are the ones `docker compose config` can't make: that every mounted
 * file exists, that Prometheus scrapes the Compose services on their real ports, and that the worker
 * gets time to drain.
 */
class DockerComposeTest {

    private final Map<String, Object> compose = RepoFiles.yaml("docker-compose.yml");
    private final Map<String, Map<String, Object>> services = RepoFiles.at(compose, "services");

    @Test
    void stackHasBrokerWorkerPrometheusGrafanaAndOptionalAlertmanager() {
        assertThat(services).containsKeys("rabbitmq", "worker", "prometheus", "pushgateway", "grafana", "alertmanager");
        assertThat((String) services.get("rabbitmq").get("image")).matches("rabbitmq:4[.0-9]*-management");
        assertThat(strings(services.get("alertmanager").get("profiles"))).containsExactly("alerting");
        services.forEach((name, service) -> assertThat(service).as(name + " healthcheck").containsKey("healthcheck"));
    }

    /** Guards issue 15: Debian 12's docker-compose (v1.29) refused the file for its top-level {@code name:}. */
    @Test
    void composeV1AcceptsEveryTopLevelKey() {
        Set<String> v1Keys = Set.of("version", "services", "volumes", "networks", "configs", "secrets");
        assertThat(compose.keySet()).allMatch(key -> v1Keys.contains(key) || key.startsWith("x-"));
    }

    /** The actuator listens on 127.0.0.1 by default: the image must open it to the container's network, on the worker's port. */
    @Test
    void workerActuatorIsReachableFromOtherContainersOnTheWorkersPort() {
        int port = RepoFiles.at(RepoFiles.yaml("worker/src/main/resources/application.yml"), "server", "port");
        assertThat((String) RepoFiles.at(RepoFiles.yaml("worker/src/main/resources/application.yml"), "server", "address")).isEqualTo("127.0.0.1");
        assertThat(RepoFiles.text("worker/Dockerfile")).contains("ENV SERVER_ADDRESS=0.0.0.0", "EXPOSE " + port,
                "http://localhost:" + port + "/actuator/health/readiness");
        assertThat(strings(services.get("worker").get("ports"))).contains(port + ":" + port);
        assertThat(strings(RepoFiles.at(services.get("worker"), "healthcheck", "test")))
                .anyMatch(arg -> arg.equals("http://localhost:" + port + "/actuator/health/readiness"));
    }

    @Test
    void servicesStartOnlyOnceWhatTheyNeedIsHealthy() {
        assertThat((String) RepoFiles.at(services.get("worker"), "depends_on", "rabbitmq", "condition")).isEqualTo("service_healthy");
        assertThat((String) RepoFiles.at(services.get("prometheus"), "depends_on", "rabbitmq", "condition")).isEqualTo("service_healthy");
        assertThat((String) RepoFiles.at(services.get("grafana"), "depends_on", "prometheus", "condition")).isEqualTo("service_healthy");
        services.forEach((name, service) -> {
            if (service.get("depends_on") instanceof Map<?, ?> dependencies) {
                dependencies.keySet().forEach(dependency -> assertThat(services).as(name + " depends on").containsKey((String) dependency));
            }
        });
    }

    @Test
    void everyBindMountExistsInTheRepository() {
        services.forEach((name, service) -> {
            for (Object volume : (List<?>) service.getOrDefault("volumes", List.of())) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith("./")) {
                    assertThat(RepoFiles.path(source.substring(2))).as(name + " mounts " + source).exists();
                }
            }
        });
    }

    @Test
    void prometheusScrapesTheComposeServicesOnTheirPorts() {
        Map<String, Object> prometheus = RepoFiles.yaml("ops/prometheus/prometheus.yml");
        Set<String> targets = new TreeSet<>();
        List<Map<String, Object>> jobs = RepoFiles.at(prometheus, "scrape_configs");
        for (Map<String, Object> job : jobs) {
            List<Map<String, Object>> staticConfigs = RepoFiles.at(job, "static_configs");
            staticConfigs.forEach(config -> targets.addAll(RepoFiles.at(config, "targets")));
        }
        List<Map<String, Object>> alertmanagers = RepoFiles.at(prometheus, "alerting", "alertmanagers");
        List<Map<String, Object>> alertmanagerConfigs = RepoFiles.at(alertmanagers.getFirst(), "static_configs");
        targets.addAll(RepoFiles.at(alertmanagerConfigs.getFirst(), "targets"));

        assertThat(targets).containsExactlyInAnyOrder("worker:8081", "rabbitmq:15692", "pushgateway:9091", "alertmanager:9093");
        for (String target : targets) {
            String[] hostPort = target.split(":");
            List<?> ports = (List<?>) services.get(hostPort[0]).get("ports");
            assertThat(ports.stream().map(Object::toString)).as(target).anyMatch(port -> port.endsWith(":" + hostPort[1]));
        }
    }

    @Test
    void grafanaGetsTheDatasourceAndDashboardsWhereItsProvisioningLooks() {
        Map<String, Object> provider = RepoFiles.yaml("ops/grafana/provisioning/dashboards/sms-worker.yml");
        List<Map<String, Object>> providers = RepoFiles.at(provider, "providers");
        String dashboardsPath = RepoFiles.at(providers.getFirst(), "options", "path");
        assertThat(strings(services.get("grafana").get("volumes")))
                .contains("./ops/grafana/dashboards:" + dashboardsPath + ":ro", "./ops/grafana/provisioning:/etc/grafana/provisioning:ro");
        List<Map<String, Object>> datasources = RepoFiles.at(RepoFiles.yaml("ops/grafana/provisioning/datasources/prometheus.yml"), "datasources");
        assertThat((String) datasources.getFirst().get("url")).isEqualTo("http://prometheus:9090");
    }

    private static List<String> strings(Object list) {
        return ((List<?>) list).stream().map(Object::toString).toList();
    }

    @Test
    void workerConnectsAsItsOwnUserAndGetsTimeToDrain() {
        Map<String, Object> environment = RepoFiles.at(services.get("worker"), "environment");
        assertThat(environment).containsEntry("SPRING_RABBITMQ_USERNAME", "sms-worker").containsEntry("SPRING_RABBITMQ_VIRTUAL_HOST", "sms");
        assertThat(ShutdownBudget.duration(services.get("worker").get("stop_grace_period")))
                .isGreaterThan(ShutdownBudget.workerShutdownPhase());
    }

    @Test
    void workerImageRunsTheBuiltJarOnJava25AsNonRootWithAReadinessHealthCheck() {
        String dockerfile = RepoFiles.text("worker/Dockerfile");
        assertThat(dockerfile).contains("FROM eclipse-temurin:25-jre", "COPY worker/target/sms-worker.jar ",
                "/actuator/health/readiness");
        String user = dockerfile.lines().filter(line -> line.startsWith("USER ")).findFirst().orElseThrow();
        assertThat(user).doesNotContain("root").doesNotContain(" 0");
        assertThat(RepoFiles.text(".dockerignore").lines()).contains("*", "!worker/target/sms-worker.jar", "!worker/jvm.options");
        assertThat((String) RepoFiles.at(services.get("worker"), "build", "dockerfile")).isEqualTo("worker/Dockerfile");
        assertThat(Files.exists(RepoFiles.path("worker/Dockerfile"))).isTrue();
    }

    /** The image runs the JVM flags that bin/sms-worker and the benchmarks run (issue 16's figures are for them). */
    @Test
    void workerImageRunsTheShippedJvmFlags() {
        String dockerfile = RepoFiles.text("worker/Dockerfile");
        assertThat(dockerfile).contains("COPY worker/jvm.options /app/jvm.options",
                "ENTRYPOINT [\"java\", \"@/app/jvm.options\", \"-jar\", \"/app/worker/sms-worker.jar\"]");
        // Extracted, never run as one nested jar (see bin/sms-worker: virtual threads could hang on its loader's lock).
        assertThat(dockerfile).contains("-Djarmode=tools -jar /tmp/sms-worker.jar extract --destination /app/worker");
        assertThat(dockerfile).doesNotContain("MaxRAMPercentage");
        assertThat(RepoFiles.text("worker/jvm.options")).contains("-Xmx").doesNotContain("\n-");
    }
}
