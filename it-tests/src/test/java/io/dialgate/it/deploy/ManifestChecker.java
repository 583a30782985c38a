package io.dialgate.it.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks a set of Kubernetes manifests (one rendering: a kustomize overlay or a Helm release) and
 * returns every problem found, as readable lines; an empty list means the set passed.
 *
 * <ul>
 *   <li>Schema: built-in kinds must use a served API version and parse into fabric8's Kubernetes
 *       model with no unknown field (fabric8 keeps unknown fields in {@code additionalProperties}:
 *       every one is reported with its path) and valid quantities. The CRDs we use
 *       (CloudNativePG {@code Cluster}, {@code ServiceMonitor}, {@code PrometheusRule}) are checked
 *       against the fields of their published schemas that these manifests may use.</li>
 *   <li>Settings: every environment variable a container gets, directly or through the keys of a
 *       ConfigMap or Secret in {@code envFrom}, is a setting that app reads ({@link AppSettings}).</li>
 *   <li>Probes: the apps' startup, liveness and readiness probes call {@code /q/health/started},
 *       {@code /live} and {@code /ready} on the app's health port: its management port when it has one
 *       (the gateway), else its HTTP port.</li>
 *   <li>Ports: the app's container ports are its HTTP and management ports; each Service selects a
 *       workload and its target port exists on that workload's containers; the Service named after an
 *       app (the one an Ingress points at) never targets its management port.</li>
 *   <li>House rules for manifests: labels {@code app.kubernetes.io/{name,part-of,component}};
 *       the gateway runs non-root on a read-only root filesystem with {@code /tmp} on an emptyDir,
 *       has requests and limits, two replicas or more (no fixed count beside an autoscaler), a disruption
 *       budget that lets one pod go at a time, and a grace period longer than the lease period plus the drain.</li>
 * </ul>
 */
final class ManifestChecker {

    static final String GATEWAY = "dialgate";
    static final String SIMULATOR = "simulator";
    static final String POSTGRES = "postgres";

    /** Poll lease length (dialgate.polling.lease default) and the longest in-flight PBX long poll (dialgate.pbx.long-poll-timeout). */
    static final int LEASE_SECONDS = 15;
    static final int LONG_POLL_SECONDS = 30;

    /** Variables the official postgres image reads (its documentation), for the dev database. */
    private static final Set<String> POSTGRES_ENV = Set.of("POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD",
            "POSTGRES_INITDB_ARGS", "PGDATA");

    private static final Map<String, String> HEALTH = Map.of(
            "startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");

    /** The API version of each built-in kind we use that current clusters (1.27+) serve. */
    private static final Map<String, String> BUILT_IN = Map.of(
            "ConfigMap", "v1", "Secret", "v1", "Service", "v1",
            "Deployment", "apps/v1", "StatefulSet", "apps/v1",
            "PodDisruptionBudget", "policy/v1",
            "HorizontalPodAutoscaler", "autoscaling/v2",
            "NetworkPolicy", "networking.k8s.io/v1");

    private static final Map<String, Object> CRD_SPECS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", CrdShapes.CNPG_CLUSTER,
            "monitoring.coreos.com/v1/ServiceMonitor", CrdShapes.SERVICE_MONITOR,
            "monitoring.coreos.com/v1/PrometheusRule", CrdShapes.PROMETHEUS_RULE);

    private final Map<String, AppSettings> apps;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    ManifestChecker(AppSettings gateway, AppSettings simulator) {
        this.apps = Map.of(GATEWAY, gateway, SIMULATOR, simulator);
    }

    /**
     * @param documents the manifests of one rendering
     * @param external  names of ConfigMaps and Secrets that exist outside the manifests (created by
     *                  a person or an operator), which references may name
     */
    List<String> check(List<Map<String, Object>> documents, Set<String> external) {
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> document : documents) {
            String id = document.get("kind") + "/" + Yaml.at(document, "metadata.name");
            checkSchema(document, id, problems);
            checkLabels(Yaml.map(document, "metadata.labels"), id + " metadata", problems);
            if (isWorkload(document)) {
                checkLabels(Yaml.map(document, "spec.template.metadata.labels"), id + " pod template", problems);
                checkWorkload(document, id, documents, external, problems);
            }
            if ("Service".equals(document.get("kind"))) {
                checkService(document, id, documents, problems);
                checkPublicService(document, id, documents, problems);
            }
        }
        return problems;
    }

    // ---- schema

    private void checkSchema(Map<String, Object> document, String id, List<String> problems) {
        String kind = (String) document.get("kind");
        String apiVersion = (String) document.get("apiVersion");
        if (kind == null || apiVersion == null || Yaml.at(document, "metadata.name") == null) {
            problems.add(id + ": apiVersion, kind and metadata.name are required");
            return;
        }
        Object crd = CRD_SPECS.get(apiVersion + "/" + kind);
        if (crd != null) {
            Map<String, Object> rest = new LinkedHashMap<>(document);
            rest.remove("apiVersion");
            rest.remove("kind");
            CrdShapes.check(rest, crd, id, problems);
            return;
        }
        if (!apiVersion.equals(BUILT_IN.get(kind))) {
            problems.add(id + ": apiVersion " + apiVersion + " is not the served version of " + kind
                    + " (expected " + BUILT_IN.getOrDefault(kind, "a known kind") + ")");
            return;
        }
        Object parsed;
        try {
            parsed = serialization.unmarshal(Yaml.write(document));
        } catch (RuntimeException e) {
            problems.add(id + ": does not match the Kubernetes schema: " + rootMessage(e));
            return;
        }
        if (parsed instanceof GenericKubernetesResource || !(parsed instanceof KubernetesResource)) {
            problems.add(id + ": not a known Kubernetes type");
            return;
        }
        walk(parsed, id, problems, 0);
    }

    /** Reports every unknown field fabric8 parked in additionalProperties, and invalid quantities. */
    private static void walk(Object value, String path, List<String> problems, int depth) {
        if (value == null || depth > 40) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, problems, depth + 1));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object item : list) {
                walk(item, path + "[" + i++ + "]", problems, depth + 1);
            }
            return;
        }
        Class<?> type = value.getClass();
        if (!type.getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        if (value instanceof Quantity quantity) {
            try {
                Quantity.getAmountInBytes(quantity);
            } catch (RuntimeException e) {
                problems.add(path + ": invalid quantity '" + quantity + "'");
            }
            return;
        }
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = method.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (method.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(path + ": unknown field(s) " + extra.keySet());
                }
                continue;
            }
            String property = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
            walk(child, path + "." + property, problems, depth + 1);
        }
    }

    // ---- workloads

    private static boolean isWorkload(Map<String, Object> document) {
        return "Deployment".equals(document.get("kind")) || "StatefulSet".equals(document.get("kind"));
    }

    private void checkWorkload(Map<String, Object> workload, String id, List<Map<String, Object>> documents,
            Set<String> external, List<String> problems) {
        Map<String, Object> templateLabels = Yaml.map(workload, "spec.template.metadata.labels");
        Map<String, Object> selector = Yaml.map(workload, "spec.selector.matchLabels");
        if (selector.isEmpty() || !templateLabels.entrySet().containsAll(selector.entrySet())) {
            problems.add(id + ": spec.selector.matchLabels " + selector + " does not select its pod template " + templateLabels);
        }
        String app = (String) templateLabels.get("app.kubernetes.io/name");
        Map<String, Object> podSpec = Yaml.map(workload, "spec.template.spec");
        for (Object item : Yaml.list(podSpec.get("containers"))) {
            Map<String, Object> container = Yaml.cast(item);
            String where = id + " container " + container.get("name");
            Set<String> allowed = apps.containsKey(app) ? apps.get(app).env() : POSTGRES.equals(app) ? POSTGRES_ENV : null;
            if (allowed == null) {
                problems.add(where + ": unknown app '" + app + "' (label app.kubernetes.io/name)");
                continue;
            }
            checkEnv(container, where, allowed, documents, external, problems);
            if (apps.containsKey(app)) {
                checkPortsAndProbes(container, where, apps.get(app), problems);
            }
        }
        if (GATEWAY.equals(app)) {
            checkGatewayPolicy(workload, id, documents, problems);
        }
    }

    private void checkEnv(Map<String, Object> container, String where, Set<String> allowed,
            List<Map<String, Object>> documents, Set<String> external, List<String> problems) {
        for (Object item : Yaml.list(container.get("env"))) {
            Map<String, Object> env = Yaml.cast(item);
            String name = (String) env.get("name");
            if (!allowed.contains(name)) {
                problems.add(where + ": env " + name + " is not a setting the app reads");
            }
            Map<String, Object> secretKey = Yaml.map(env, "valueFrom.secretKeyRef");
            if (!secretKey.isEmpty()) {
                Map<String, Object> secret = find(documents, "Secret", (String) secretKey.get("name"));
                if (secret == null && !external.contains(secretKey.get("name"))) {
                    problems.add(where + ": env " + name + " reads Secret " + secretKey.get("name") + ", which is not deployed");
                } else if (secret != null && !dataKeys(secret).contains(secretKey.get("key"))) {
                    problems.add(where + ": env " + name + " reads key " + secretKey.get("key") + " missing from Secret " + secretKey.get("name"));
                }
            }
        }
        for (Object item : Yaml.list(container.get("envFrom"))) {
            Map<String, Object> source = Yaml.cast(item);
            for (String kind : List.of("ConfigMap", "Secret")) {
                Map<String, Object> ref = Yaml.map(source, kind.equals("ConfigMap") ? "configMapRef" : "secretRef");
                if (ref.isEmpty()) {
                    continue;
                }
                String refName = (String) ref.get("name");
                Map<String, Object> referenced = find(documents, kind, refName);
                if (referenced == null) {
                    if (!external.contains(refName)) {
                        problems.add(where + ": envFrom names " + kind + " " + refName + ", which is not deployed");
                    }
                    continue;
                }
                for (String key : dataKeys(referenced)) {
                    if (!allowed.contains(key)) {
                        problems.add(where + ": " + kind + " " + refName + " sets " + key + ", which is not a setting the app reads");
                    }
                }
            }
        }
    }

    private static void checkPortsAndProbes(Map<String, Object> container, String where, AppSettings app, List<String> problems) {
        Map<String, Integer> ports = new HashMap<>();
        for (Object item : Yaml.list(container.get("ports"))) {
            Map<String, Object> port = Yaml.cast(item);
            Integer number = port.get("containerPort") instanceof Integer n ? n : null;
            boolean management = app.managementPort() != 0 && Objects.equals(number, app.managementPort());
            if (!Objects.equals(number, app.port()) && !management) {
                problems.add(where + ": container port " + port.get("containerPort") + " is not the " + app.app()
                        + "'s HTTP port " + app.port() + (app.managementPort() == 0 ? "" : " or management port " + app.managementPort()));
            }
            if (port.get("name") != null) {
                ports.put((String) port.get("name"), number);
            }
        }
        if (ports.isEmpty() && Yaml.list(container.get("ports")).isEmpty()) {
            problems.add(where + ": declares no container port (the " + app.app() + " listens on " + app.port() + ")");
        }
        HEALTH.forEach((probe, path) -> {
            Map<String, Object> httpGet = Yaml.map(container, probe + ".httpGet");
            if (httpGet.isEmpty()) {
                problems.add(where + ": " + probe + " must be an httpGet on " + path);
                return;
            }
            if (!path.equals(httpGet.get("path"))) {
                problems.add(where + ": " + probe + " path " + httpGet.get("path") + " is not the health path " + path);
            }
            Object port = httpGet.get("port");
            Integer resolved = port instanceof Integer n ? n : ports.get(String.valueOf(port));
            if (!Objects.equals(resolved, app.healthPort())) {
                problems.add(where + ": " + probe + " port " + port + " is not the " + app.app() + "'s "
                        + (app.managementPort() == 0 ? "port " : "management port ") + app.healthPort());
            }
        });
    }

    private static void checkGatewayPolicy(Map<String, Object> workload, String id, List<Map<String, Object>> documents,
            List<String> problems) {
        Map<String, Object> pod = Yaml.map(workload, "spec.template.spec");
        Object replicas = Yaml.at(workload, "spec.replicas");
        Map<String, Object> hpa = find(documents, "HorizontalPodAutoscaler", (String) Yaml.at(workload, "metadata.name"));
        int effective = replicas instanceof Integer r ? r
                : hpa != null && Yaml.at(hpa, "spec.minReplicas") instanceof Integer min ? min : 1;
        if (effective < 2) {
            problems.add(id + ": the gateway needs two replicas or more, has " + effective);
        }
        if (hpa != null && Yaml.at(hpa, "spec.minReplicas") instanceof Integer min && min < 2) {
            problems.add(id + ": HorizontalPodAutoscaler minReplicas " + min + " is below two");
        }
        if (hpa != null && replicas != null) {
            problems.add(id + ": spec.replicas is set beside a HorizontalPodAutoscaler: every apply would reset the"
                    + " replica count and stop the pods the autoscaler added all at once");
        }
        Map<String, Object> budget = find(documents, "PodDisruptionBudget", (String) Yaml.at(workload, "metadata.name"));
        if (budget != null && !Integer.valueOf(1).equals(Yaml.at(budget, "spec.maxUnavailable"))) {
            problems.add(id + ": its PodDisruptionBudget must set maxUnavailable: 1, so that a drain takes one gateway"
                    + " at a time whatever the replica count");
        }
        int preStop = 0;
        for (Object item : Yaml.list(pod.get("containers"))) {
            Map<String, Object> container = Yaml.cast(item);
            String where = id + " container " + container.get("name");
            List<Object> command = Yaml.list(Yaml.at(container, "lifecycle.preStop.exec.command"));
            if (command.size() == 2 && "sleep".equals(command.get(0))) {
                preStop = Integer.parseInt(String.valueOf(command.get(1)));
            }
            boolean nonRoot = Boolean.TRUE.equals(Yaml.at(container, "securityContext.runAsNonRoot"))
                    || Boolean.TRUE.equals(Yaml.at(pod, "securityContext.runAsNonRoot"));
            if (!nonRoot) {
                problems.add(where + ": must run as non-root (runAsNonRoot)");
            }
            if (!Boolean.TRUE.equals(Yaml.at(container, "securityContext.readOnlyRootFilesystem"))) {
                problems.add(where + ": must have a read-only root filesystem");
            }
            boolean tmpOnEmptyDir = Yaml.list(container.get("volumeMounts")).stream().map(Yaml::cast)
                    .filter(m -> "/tmp".equals(m.get("mountPath")))
                    .anyMatch(m -> Yaml.list(pod.get("volumes")).stream().map(Yaml::cast)
                            .anyMatch(v -> Objects.equals(v.get("name"), m.get("name")) && v.containsKey("emptyDir")));
            if (!tmpOnEmptyDir) {
                problems.add(where + ": /tmp must be an emptyDir (the root filesystem is read-only)");
            }
            for (String bound : List.of("requests.cpu", "requests.memory", "limits.memory")) {
                if (Yaml.at(Yaml.map(container, "resources"), bound) == null) {
                    problems.add(where + ": resources." + bound + " is not set");
                }
            }
        }
        int grace = pod.get("terminationGracePeriodSeconds") instanceof Integer g ? g : 30;
        int needed = preStop + LONG_POLL_SECONDS + LEASE_SECONDS;
        if (grace <= needed) {
            problems.add(id + ": terminationGracePeriodSeconds " + grace + " must exceed preStop " + preStop
                    + " s + long poll " + LONG_POLL_SECONDS + " s + lease " + LEASE_SECONDS + " s = " + needed + " s");
        }
    }

    // ---- services

    private static void checkService(Map<String, Object> service, String id, List<Map<String, Object>> documents,
            List<String> problems) {
        Map<String, Object> selector = Yaml.map(service, "spec.selector");
        Map<String, Object> target = documents.stream().filter(ManifestChecker::isWorkload)
                .filter(w -> !selector.isEmpty()
                        && Yaml.map(w, "spec.template.metadata.labels").entrySet().containsAll(selector.entrySet()))
                .findFirst().orElse(null);
        if (target == null) {
            problems.add(id + ": selector " + selector + " matches no workload");
            return;
        }
        for (Object item : Yaml.list(Yaml.at(service, "spec.ports"))) {
            Map<String, Object> port = Yaml.cast(item);
            Object targetPort = port.getOrDefault("targetPort", port.get("port"));
            boolean found = Yaml.list(Yaml.at(target, "spec.template.spec.containers")).stream().map(Yaml::cast)
                    .flatMap(c -> Yaml.list(c.get("ports")).stream().map(Yaml::cast))
                    .anyMatch(p -> Objects.equals(p.get("name"), targetPort) || Objects.equals(p.get("containerPort"), targetPort));
            if (!found) {
                problems.add(id + ": targetPort " + targetPort + " is not a port of " + Yaml.at(target, "metadata.name"));
            }
        }
    }

    /** The Service that carries an app's name is the one exposed to clients: it must not reach health and metrics. */
    private void checkPublicService(Map<String, Object> service, String id, List<Map<String, Object>> documents,
            List<String> problems) {
        String name = (String) Yaml.at(service, "metadata.name");
        AppSettings app = apps.get(name);
        if (app == null || app.managementPort() == 0) {
            return;
        }
        Map<String, Object> workload = find(documents, "Deployment", name);
        for (Object item : Yaml.list(Yaml.at(service, "spec.ports"))) {
            Map<String, Object> port = Yaml.cast(item);
            Object targetPort = port.getOrDefault("targetPort", port.get("port"));
            boolean management = Objects.equals(targetPort, app.managementPort()) || workload != null
                    && Yaml.list(Yaml.at(workload, "spec.template.spec.containers")).stream().map(Yaml::cast)
                            .flatMap(c -> Yaml.list(c.get("ports")).stream().map(Yaml::cast))
                            .anyMatch(p -> Objects.equals(p.get("name"), targetPort)
                                    && Objects.equals(p.get("containerPort"), app.managementPort()));
            if (management) {
                problems.add(id + ": exposes the " + app.app() + "'s management port " + app.managementPort()
                        + " (health, metrics); give it a Service of its own");
            }
        }
    }

    // ---- helpers

    private static void checkLabels(Map<String, Object> labels, String where, List<String> problems) {
        for (String label : List.of("app.kubernetes.io/name", "app.kubernetes.io/part-of", "app.kubernetes.io/component")) {
            if (!labels.containsKey(label)) {
                problems.add(where + ": label " + label + " is missing");
            }
        }
    }

    static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
        return documents.stream()
                .filter(d -> kind.equals(d.get("kind")) && Objects.equals(name, Yaml.at(d, "metadata.name")))
                .findFirst().orElse(null);
    }

    private static Set<String> dataKeys(Map<String, Object> configMapOrSecret) {
        Set<String> keys = new java.util.TreeSet<>(Yaml.map(configMapOrSecret, "data").keySet());
        keys.addAll(Yaml.map(configMapOrSecret, "stringData").keySet());
        return keys;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
