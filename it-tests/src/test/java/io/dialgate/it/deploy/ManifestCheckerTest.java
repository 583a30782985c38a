package io.dialgate.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Shows that a broken manifest fails: each case breaks one thing in a copy of the assembled dev
 * overlay (or of the prod overlay, for its custom resources) and expects the checker to name it.
 */
class ManifestCheckerTest {

    static ManifestChecker checker;

    @BeforeAll
    static void setUp() {
        checker = new ManifestChecker(AppSettings.gateway(DeployManifestsTest.ROOT), AppSettings.simulator(DeployManifestsTest.ROOT));
    }

    static List<Map<String, Object>> dev() {
        return Kustomize.build(DeployManifestsTest.KUSTOMIZE.resolve("overlays/dev")).stream().map(Yaml::copy).toList();
    }

    static List<Map<String, Object>> prod() {
        return Kustomize.build(DeployManifestsTest.KUSTOMIZE.resolve("overlays/prod")).stream().map(Yaml::copy).toList();
    }

    static Map<String, Object> container(List<Map<String, Object>> documents, String workload) {
        Map<String, Object> deployment = ManifestChecker.find(documents, "Deployment", workload);
        return Yaml.cast(Yaml.list(Yaml.at(deployment, "spec.template.spec.containers")).get(0));
    }

    static Stream<Arguments> brokenManifests() {
        return Stream.of(
                broken("wrong readiness path", docs ->
                        Yaml.map(container(docs, "dialgate"), "readinessProbe.httpGet").put("path", "/health/ready"),
                        "readinessProbe path /health/ready is not the health path /q/health/ready"),
                broken("gateway probe on the HTTP port", docs ->
                        Yaml.map(container(docs, "dialgate"), "readinessProbe.httpGet").put("port", "http"),
                        "readinessProbe port http is not the gateway's management port 9000"),
                broken("management port on the public Service", docs ->
                        Yaml.list(Yaml.at(ManifestChecker.find(docs, "Service", "dialgate"), "spec.ports"))
                                .add(Yaml.cast(Yaml.readAll("{name: management, port: 9000, targetPort: management}").get(0))),
                        "Service/dialgate: exposes the gateway's management port 9000"),
                broken("probe on another port", docs ->
                        Yaml.map(container(docs, "simulator"), "livenessProbe.httpGet").put("port", 9000),
                        "livenessProbe port 9000 is not the simulator's port 8081"),
                broken("unknown env var in the ConfigMap", docs ->
                        Yaml.map(ManifestChecker.find(docs, "ConfigMap", "dialgate-config"), "data").put("DIALGATE_POLING_LEASE", "15s"),
                        "ConfigMap dialgate-config sets DIALGATE_POLING_LEASE, which is not a setting the app reads"),
                broken("gateway setting given to the simulator", docs ->
                        Yaml.map(ManifestChecker.find(docs, "ConfigMap", "simulator-config"), "data").put("DIALGATE_DB_URL", "x"),
                        "ConfigMap simulator-config sets DIALGATE_DB_URL"),
                broken("unknown env var in a Secret", docs ->
                        Yaml.map(ManifestChecker.find(docs, "Secret", "dialgate-creds"), "stringData").put("DIALGATE_CRYPTO_KEY", "x"),
                        "Secret dialgate-creds sets DIALGATE_CRYPTO_KEY"),
                broken("unknown field (typo)", docs ->
                        container(docs, "dialgate").put("imagePullPolcy", "Always"),
                        "unknown field(s) [imagePullPolcy]"),
                broken("wrong type", docs ->
                        Yaml.map(ManifestChecker.find(docs, "Deployment", "dialgate"), "spec").put("replicas", "two"),
                        "Deployment/dialgate: does not match the Kubernetes schema"),
                broken("bad container port", docs ->
                        Yaml.cast(Yaml.list(container(docs, "dialgate").get("ports")).get(0)).put("containerPort", 9090),
                        "container port 9090 is not the gateway's HTTP port 8080"),
                broken("service aimed at a missing port", docs ->
                        Yaml.cast(Yaml.list(Yaml.at(ManifestChecker.find(docs, "Service", "simulator"), "spec.ports")).get(0))
                                .put("targetPort", "web"),
                        "Service/simulator: targetPort web is not a port of simulator"),
                broken("removed API version", docs ->
                        ManifestChecker.find(docs, "HorizontalPodAutoscaler", "dialgate").put("apiVersion", "autoscaling/v2beta2"),
                        "apiVersion autoscaling/v2beta2 is not the served version"),
                broken("grace period shorter than the lease", docs ->
                        Yaml.map(ManifestChecker.find(docs, "Deployment", "dialgate"), "spec.template.spec")
                                .put("terminationGracePeriodSeconds", 30),
                        "terminationGracePeriodSeconds 30 must exceed"),
                broken("writable root filesystem", docs ->
                        Yaml.map(container(docs, "dialgate"), "securityContext").put("readOnlyRootFilesystem", false),
                        "must have a read-only root filesystem"),
                broken("missing part-of label", docs ->
                        Yaml.map(ManifestChecker.find(docs, "Service", "postgres"), "metadata.labels").remove("app.kubernetes.io/part-of"),
                        "Service/postgres metadata: label app.kubernetes.io/part-of is missing"),
                broken("fixed replica count beside the autoscaler", docs ->
                        Yaml.map(ManifestChecker.find(docs, "Deployment", "dialgate"), "spec").put("replicas", 3),
                        "spec.replicas is set beside a HorizontalPodAutoscaler"),
                broken("disruption budget that lets every pod but one go", docs -> {
                    Map<String, Object> spec = Yaml.map(ManifestChecker.find(docs, "PodDisruptionBudget", "dialgate"), "spec");
                    spec.remove("maxUnavailable");
                    spec.put("minAvailable", 1);
                }, "its PodDisruptionBudget must set maxUnavailable: 1"),
                broken("bad quantity", docs ->
                        Yaml.map(container(docs, "dialgate"), "resources.limits").put("memory", "1 gigabyte"),
                        "memory: invalid quantity"));
    }

    private static Arguments broken(String what, Consumer<List<Map<String, Object>>> breakIt, String expected) {
        return Arguments.of(what, breakIt, expected);
    }

    @Test
    void shouldFindNothingWrongInTheUnbrokenCopies() {
        assertThat(checker.check(dev(), Set.of())).isEmpty();
        assertThat(checker.check(prod(), DeployManifestsTest.PROD_EXTERNAL)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenManifests")
    void shouldReportEachBrokenManifest(String what, Consumer<List<Map<String, Object>>> breakIt, String expected) {
        List<Map<String, Object>> documents = dev();
        breakIt.accept(documents);

        assertThat(checker.check(documents, Set.of())).as(what).anySatisfy(problem -> assertThat(problem).contains(expected));
    }

    @Test
    void shouldReportUnknownFieldsAndMissingFieldsInCustomResources() {
        List<Map<String, Object>> documents = prod();
        Map<String, Object> clusterSpec = Yaml.map(ManifestChecker.find(documents, "Cluster", "dialgate-db"), "spec");
        clusterSpec.put("replicas", 3);
        clusterSpec.remove("storage");
        Map<String, Object> rule = Yaml.cast(Yaml.list(Yaml.cast(Yaml.list(
                Yaml.at(ManifestChecker.find(documents, "PrometheusRule", "dialgate"), "spec.groups")).get(0)).get("rules")).get(0));
        rule.remove("expr");

        assertThat(checker.check(documents, DeployManifestsTest.PROD_EXTERNAL))
                .anySatisfy(p -> assertThat(p).contains("Cluster/dialgate-db.spec: unknown field(s) [replicas]"))
                .anySatisfy(p -> assertThat(p).contains("required field storage is missing"))
                .anySatisfy(p -> assertThat(p).contains("required field expr is missing"));
    }

    @Test
    void shouldReportReferencesToConfigurationThatIsNotDeployed() {
        List<Map<String, Object>> documents = prod();

        assertThat(checker.check(documents, Set.of()))
                .anySatisfy(p -> assertThat(p).contains("envFrom names Secret dialgate-creds, which is not deployed"))
                .anySatisfy(p -> assertThat(p).contains("reads Secret dialgate-db-app, which is not deployed"));
    }
}
