package io.dialgate.it.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of three custom resources' published schemas that our manifests may use, small enough
 * to keep here (their full CRDs are operator downloads, and this machine is offline): CloudNativePG
 * {@code Cluster} (postgresql.cnpg.io/v1) and the Prometheus Operator's {@code ServiceMonitor} and
 * {@code PrometheusRule} (monitoring.coreos.com/v1). A shape is {@link #ANY}, {@link #STRING},
 * {@link #INT}, {@link #BOOL}, a map of field to shape (a key starting with {@code !} is required),
 * or a one-element list holding the shape of each item. Fields outside a shape are reported.
 */
final class CrdShapes {

    static final String ANY = "any";
    static final String STRING = "string";
    static final String INT = "int";
    static final String BOOL = "bool";

    private static final Map<String, Object> METADATA = obj("!name", STRING, "namespace", STRING,
            "labels", ANY, "annotations", ANY);
    private static final Map<String, Object> LABEL_SELECTOR = obj("matchLabels", ANY, "matchExpressions", ANY);

    static final Map<String, Object> SERVICE_MONITOR = obj("!metadata", METADATA, "!spec", obj(
            "!selector", LABEL_SELECTOR,
            "!endpoints", List.of(obj("port", STRING, "targetPort", ANY, "path", STRING, "interval", STRING,
                    "scrapeTimeout", STRING, "scheme", STRING, "honorLabels", BOOL, "relabelings", ANY,
                    "metricRelabelings", ANY, "tlsConfig", ANY, "bearerTokenSecret", ANY)),
            "namespaceSelector", ANY, "jobLabel", STRING, "targetLabels", ANY, "podTargetLabels", ANY));

    static final Map<String, Object> PROMETHEUS_RULE = obj("!metadata", METADATA, "!spec", obj(
            "!groups", List.of(obj("!name", STRING, "interval", STRING, "limit", INT,
                    "!rules", List.of(obj("alert", STRING, "record", STRING, "!expr", STRING, "for", STRING,
                            "keep_firing_for", STRING, "labels", ANY, "annotations", ANY))))));

    static final Map<String, Object> CNPG_CLUSTER = obj("!metadata", METADATA, "!spec", obj(
            "!instances", INT, "imageName", STRING, "description", STRING,
            "primaryUpdateStrategy", STRING, "primaryUpdateMethod", STRING,
            "postgresql", obj("parameters", ANY, "pg_hba", ANY, "shared_preload_libraries", ANY),
            "bootstrap", obj("initdb", obj("database", STRING, "owner", STRING, "secret", ANY,
                    "encoding", STRING, "localeCollate", STRING, "localeCType", STRING, "postInitSQL", ANY),
                    "recovery", ANY, "pg_basebackup", ANY),
            "!storage", obj("!size", STRING, "storageClass", STRING, "pvcTemplate", ANY, "resizeInUseVolumes", BOOL),
            "walStorage", ANY, "resources", obj("requests", ANY, "limits", ANY),
            "affinity", obj("enablePodAntiAffinity", BOOL, "topologyKey", STRING, "podAntiAffinityType", STRING,
                    "nodeSelector", ANY, "tolerations", ANY),
            "backup", ANY, "plugins", ANY, "monitoring", ANY, "enableSuperuserAccess", BOOL,
            "superuserSecret", ANY, "minSyncReplicas", INT, "maxSyncReplicas", INT,
            "startDelay", INT, "stopDelay", INT, "smartShutdownTimeout", INT));

    private CrdShapes() {
    }

    static void check(Object value, Object shape, String path, List<String> problems) {
        if (ANY.equals(shape)) {
            return;
        }
        if (STRING.equals(shape)) {
            if (!(value instanceof String)) {
                problems.add(path + ": must be a string, is " + value);
            }
        } else if (INT.equals(shape)) {
            if (!(value instanceof Integer)) {
                problems.add(path + ": must be an integer, is " + value);
            }
        } else if (BOOL.equals(shape)) {
            if (!(value instanceof Boolean)) {
                problems.add(path + ": must be true or false, is " + value);
            }
        } else if (shape instanceof List<?> items) {
            if (!(value instanceof List<?> list)) {
                problems.add(path + ": must be a list");
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                check(list.get(i), items.get(0), path + "[" + i + "]", problems);
            }
        } else if (shape instanceof Map<?, ?> fields) {
            if (!(value instanceof Map<?, ?> map)) {
                problems.add(path + ": must be an object");
                return;
            }
            Map<String, Object> allowed = new LinkedHashMap<>();
            fields.forEach((k, v) -> allowed.put(((String) k).replaceFirst("^!", ""), v));
            fields.keySet().stream().map(k -> (String) k).filter(k -> k.startsWith("!"))
                    .filter(k -> !map.containsKey(k.substring(1)))
                    .forEach(k -> problems.add(path + ": required field " + k.substring(1) + " is missing"));
            map.forEach((k, v) -> {
                if (!allowed.containsKey(k)) {
                    problems.add(path + ": unknown field(s) [" + k + "]");
                } else {
                    check(v, allowed.get(k), path + "." + k, problems);
                }
            });
        }
    }

    private static Map<String, Object> obj(Object... keysAndShapes) {
        Map<String, Object> shape = new LinkedHashMap<>();
        for (int i = 0; i < keysAndShapes.length; i += 2) {
            shape.put((String) keysAndShapes[i], keysAndShapes[i + 1]);
        }
        return shape;
    }
}
