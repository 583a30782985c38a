package io.dialgate.it.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates everything under {@code deploy/} offline: the kustomize base and both overlays as
 * kustomize would assemble them ({@link Kustomize}), and the Helm chart rendered by Helm's own
 * library through helm-java (no helm binary), each run through {@link ManifestChecker}. No image is
 * built or pulled and no cluster is contacted.
 */
class DeployManifestsTest {

    static final Path ROOT = Path.of(System.getProperty("dialgate.repo.root", "..")).toAbsolutePath().normalize();
    static final Path KUSTOMIZE = ROOT.resolve("deploy/kubernetes");
    static final Path CHART = ROOT.resolve("deploy/helm/dialgate");

    /** Created outside the manifests: by a person (dialgate-creds) or by CloudNativePG (dialgate-db-app). */
    static final Set<String> PROD_EXTERNAL = Set.of("dialgate-creds", "dialgate-db-app");

    static ManifestChecker checker;

    @BeforeAll
    static void collectSettings() {
        checker = new ManifestChecker(AppSettings.gateway(ROOT), AppSettings.simulator(ROOT));
    }

    static List<Map<String, Object>> helmTemplate(String... sets) {
        var template = new Helm(CHART).template().withName("dialgate").withNamespace("dialgate");
        for (String set : sets) {
            template = template.set(set.substring(0, set.indexOf('=')), set.substring(set.indexOf('=') + 1));
        }
        return Yaml.readAll(template.call());
    }

    static Set<String> kinds(List<Map<String, Object>> documents) {
        return documents.stream().map(d -> d.get("kind") + "/" + Yaml.at(d, "metadata.name")).collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void shouldCollectTheAppsSettingsFromTheirSources() {
        AppSettings gateway = AppSettings.gateway(ROOT);
        AppSettings simulator = AppSettings.simulator(ROOT);

        assertThat(gateway.port()).isEqualTo(8080);
        assertThat(gateway.managementPort()).isEqualTo(9000);
        assertThat(simulator.port()).isEqualTo(8081);
        assertThat(simulator.managementPort()).isZero();
        assertThat(gateway.env()).contains("DIALGATE_DB_URL", "DIALGATE_DB_USER", "DIALGATE_DB_PASSWORD",
                "DIALGATE_DB_EMBEDDED", "DIALGATE_CRYPTO_KEYS", "DIALGATE_ADMIN_TOKEN", "DIALGATE_RATE_LIMIT_BURST",
                "DIALGATE_PBX_LONG_POLL_TIMEOUT", "QUARKUS_LOG_CONSOLE_JSON_ENABLED", "QUARKUS_HTTP_PORT")
                .doesNotContain("DIALGATE_GATEWAY_PORT", "SIMULATOR_PULL_HOLD");
        assertThat(simulator.env()).contains("SIMULATOR_PULL_HOLD", "SIMULATOR_SEED", "SIMULATOR_CALLS_RING_TIME",
                "SIMULATOR_API_VERSION", "SIMULATOR_JOURNAL_MAX_ENTRIES").doesNotContain("DIALGATE_DB_URL");
    }

    @Test
    void shouldPassTheBaseWithItsSecretTemplate() {
        List<Map<String, Object>> base = new ArrayList<>(Kustomize.build(KUSTOMIZE.resolve("base")));
        base.add(Yaml.readOne(KUSTOMIZE.resolve("base/dialgate-creds.template.yaml")));

        assertThat(kinds(base)).containsExactlyInAnyOrder("ConfigMap/dialgate-config", "Deployment/dialgate",
                "Service/dialgate", "PodDisruptionBudget/dialgate", "HorizontalPodAutoscaler/dialgate",
                "NetworkPolicy/dialgate", "Secret/dialgate-creds");
        assertThat(checker.check(base, Set.of())).isEmpty();
    }

    @Test
    void shouldPassTheDevOverlay() {
        List<Map<String, Object>> dev = Kustomize.build(KUSTOMIZE.resolve("overlays/dev"));

        assertThat(kinds(dev)).contains("Deployment/simulator", "Service/simulator", "ConfigMap/simulator-config",
                "StatefulSet/postgres", "Service/postgres", "Secret/dialgate-creds", "Deployment/dialgate");
        assertThat(checker.check(dev, Set.of())).isEmpty();
        assertThat(Yaml.at(ManifestChecker.find(dev, "ConfigMap", "dialgate-config"), "data.DIALGATE_PBX_ALLOW_INSECURE_URLS"))
                .as("the dev patch reached the ConfigMap").isEqualTo("true");
    }

    @Test
    void shouldPassTheProdOverlayWithAThreeInstanceCloudNativePgCluster() {
        List<Map<String, Object>> prod = Kustomize.build(KUSTOMIZE.resolve("overlays/prod"));

        assertThat(checker.check(prod, PROD_EXTERNAL)).isEmpty();
        assertThat(Yaml.at(ManifestChecker.find(prod, "Cluster", "dialgate-db"), "spec.instances")).isEqualTo(3);
        Map<String, Object> gateway = ManifestChecker.find(prod, "Deployment", "dialgate");
        Map<String, Object> container = Yaml.cast(Yaml.list(Yaml.at(gateway, "spec.template.spec.containers")).get(0));
        assertThat(Yaml.list(container.get("env"))).map(e -> Yaml.cast(e).get("value"))
                .contains("jdbc:postgresql://dialgate-db-rw:5432/dialgate");
        assertThat(Yaml.list(container.get("envFrom"))).as("the patch merged env, it did not replace envFrom").hasSize(2);
        assertThat(Yaml.at(gateway, "spec.replicas")).as("the autoscaler owns the count").isNull();
        assertThat(Yaml.at(ManifestChecker.find(prod, "HorizontalPodAutoscaler", "dialgate"), "spec.minReplicas")).isEqualTo(3);
        assertThat(kinds(prod)).contains("ServiceMonitor/dialgate", "PrometheusRule/dialgate")
                .doesNotContain("StatefulSet/postgres", "Secret/dialgate-creds");
    }

    @Test
    void shouldRenderAndPassTheHelmChartWithDefaultValues() {
        List<Map<String, Object>> rendered = helmTemplate();

        assertThat(kinds(rendered)).containsExactlyInAnyOrder("ConfigMap/dialgate-config", "Deployment/dialgate",
                "Service/dialgate", "PodDisruptionBudget/dialgate", "HorizontalPodAutoscaler/dialgate",
                "NetworkPolicy/dialgate", "Cluster/dialgate-db");
        assertThat(checker.check(rendered, PROD_EXTERNAL)).isEmpty();
    }

    @Test
    void shouldRenderAndPassTheHelmChartWithEveryOptionalPartOn() {
        List<Map<String, Object>> rendered = helmTemplate("database.mode=postgres", "simulator.enabled=true",
                "metrics.serviceMonitor.enabled=true", "metrics.prometheusRule.enabled=true", "creds.create=true",
                "creds.values.DIALGATE_CRYPTO_KEYS=k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
                "creds.values.DIALGATE_ADMIN_TOKEN=token", "autoscaling.enabled=false");

        assertThat(kinds(rendered)).contains("StatefulSet/postgres", "Deployment/simulator", "ServiceMonitor/dialgate",
                "PrometheusRule/dialgate", "Secret/dialgate-creds", "NetworkPolicy/postgres")
                .doesNotContain("Cluster/dialgate-db", "HorizontalPodAutoscaler/dialgate");
        assertThat(checker.check(rendered, Set.of())).isEmpty();
    }

    @Test
    void shouldLintTheHelmChart() {
        LintResult lint = new Helm(CHART).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void shouldKeepTheHelmAlertsEqualToTheKustomizeAlerts() {
        Map<String, Object> kustomizeRule = ManifestChecker.find(Kustomize.build(KUSTOMIZE.resolve("overlays/prod")),
                "PrometheusRule", "dialgate");
        Map<String, Object> helmRule = ManifestChecker.find(helmTemplate("metrics.prometheusRule.enabled=true"),
                "PrometheusRule", "dialgate");

        assertThat(helmRule.get("spec")).isEqualTo(kustomizeRule.get("spec"));
    }

    @Test
    void shouldDocumentEveryHelmValueInTheChartReadme() throws IOException {
        Map<String, Object> values = Yaml.readOne(CHART.resolve("values.yaml"));
        String readme = Files.readString(CHART.resolve("README.md"));
        List<String> paths = new ArrayList<>();
        leafPaths(values, "", paths);

        assertThat(paths).isNotEmpty().allSatisfy(path -> assertThat(readme).as("README documents " + path)
                .contains("`" + path + "`"));
    }

    @Test
    void shouldUseOnlyMetricsTheGatewayExportsInDashboardAndAlerts() throws IOException {
        String metricsSource = Files.readString(ROOT.resolve(
                "gateway/src/main/java/io/dialgate/gateway/metrics/GatewayMetrics.java"));
        String dashboard = Files.readString(ROOT.resolve("deploy/grafana/dialgate.json"));
        String rules = Files.readString(KUSTOMIZE.resolve("overlays/prod/prometheusrule.yaml"));
        Set<String> used = new TreeSet<>();
        Matcher name = Pattern.compile("dialgate_[a-z_]+").matcher(dashboard + rules);
        while (name.find()) {
            used.add(name.group().replaceFirst("_(total|bucket|count|sum|max)$", "").replaceFirst("_seconds$", ""));
        }
        Yaml.MAPPER.readTree(dashboard);

        assertThat(used).isNotEmpty().allSatisfy(metric -> assertThat(metricsSource)
                .as("GatewayMetrics defines " + metric).contains("\"" + metric.replace('_', '.') + "\""));
    }

    /**
     * The alerts and the dashboard select {@code up{job="..."}}; the Prometheus Operator names a ServiceMonitor's
     * job after the Service, or after the Service's {@code jobLabel} label. A job name nobody scrapes would keep
     * "gateway down" firing and the dashboard empty.
     */
    @Test
    void shouldNameTheScrapeJobAsTheAlertsAndDashboardSelectIt() throws IOException {
        String dashboard = Files.readString(ROOT.resolve("deploy/grafana/dialgate.json"));
        String kustomizeRules = Files.readString(KUSTOMIZE.resolve("overlays/prod/prometheusrule.yaml"));
        String helmRules = Files.readString(CHART.resolve("files/prometheus-rules.yaml"));
        Set<String> selected = new TreeSet<>();
        Matcher job = Pattern.compile("job\\\\?=\\\\?\"([^\"\\\\]+)").matcher(dashboard + kustomizeRules + helmRules);
        while (job.find()) {
            selected.add(job.group(1));
        }

        assertThat(selected).as("jobs the alerts and dashboard select; kustomize prod overlay scrapes")
                .containsOnly(scrapeJob(Kustomize.build(KUSTOMIZE.resolve("overlays/prod"))));
        assertThat(selected).as("jobs the alerts and dashboard select; the Helm chart scrapes")
                .containsOnly(scrapeJob(helmTemplate("metrics.serviceMonitor.enabled=true")));
    }

    /** The job name the Prometheus Operator gives the targets of ServiceMonitor dialgate. */
    private static String scrapeJob(List<Map<String, Object>> documents) {
        Map<String, Object> monitor = ManifestChecker.find(documents, "ServiceMonitor", "dialgate");
        Map<String, Object> selector = Yaml.cast(Yaml.at(monitor, "spec.selector.matchLabels"));
        String port = String.valueOf(Yaml.cast(Yaml.list(Yaml.at(monitor, "spec.endpoints")).get(0)).get("port"));
        List<Map<String, Object>> services = documents.stream().filter(d -> "Service".equals(d.get("kind")))
                .filter(d -> Yaml.cast(Yaml.at(d, "metadata.labels")).entrySet().containsAll(selector.entrySet()))
                .filter(d -> Yaml.list(Yaml.at(d, "spec.ports")).stream().anyMatch(p -> port.equals(Yaml.cast(p).get("name"))))
                .toList();
        assertThat(services).as("Services the ServiceMonitor scrapes").hasSize(1);
        Object jobLabel = Yaml.at(monitor, "spec.jobLabel");
        return jobLabel == null ? String.valueOf(Yaml.at(services.get(0), "metadata.name"))
                : String.valueOf(Yaml.cast(Yaml.at(services.get(0), "metadata.labels")).get(jobLabel));
    }

    private static void leafPaths(Map<String, Object> map, String prefix, List<String> out) {
        map.forEach((key, value) -> {
            String path = prefix + key;
            if (value instanceof Map<?, ?> nested && !nested.isEmpty() && !path.endsWith("config")
                    && !path.endsWith("resources")) {
                leafPaths(Yaml.cast(nested), path + ".", out);
            } else {
                out.add(path);
            }
        });
    }
}
