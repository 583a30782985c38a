package io.dialgate.it.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Assembles a kustomization the way {@code kubectl apply -k} would, for the subset of kustomize the
 * manifests in {@code deploy/kubernetes} use: {@code resources} (files and directories),
 * {@code patches} with a {@code path} to a strategic-merge patch, and {@code images}. Anything else
 * in a kustomization.yaml fails loudly, so that a new kustomize feature cannot be silently ignored by
 * the tests. There is no kustomize binary on this machine; this is what the tests can do offline.
 *
 * <p>Strategic merge, as far as these manifests need it: maps merge key by key, a {@code null}
 * deletes a key, lists of containers, env, volumes merge by {@code name}, volume mounts by
 * {@code mountPath}, container ports by {@code containerPort} and Service ports by {@code port};
 * any other list is replaced.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED_KEYS = Set.of("apiVersion", "kind", "resources", "patches", "images");

    private Kustomize() {
    }

    static List<Map<String, Object>> build(Path directory) {
        Map<String, Object> kustomization = Yaml.readOne(directory.resolve("kustomization.yaml"));
        Set<String> unsupported = new HashSet<>(kustomization.keySet());
        unsupported.removeAll(SUPPORTED_KEYS);
        if (!unsupported.isEmpty()) {
            throw new IllegalStateException(directory + "/kustomization.yaml uses " + unsupported
                    + ", which the test assembler does not implement; extend Kustomize or avoid the feature");
        }
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object resource : Yaml.list(kustomization.get("resources"))) {
            Path path = directory.resolve((String) resource).normalize();
            documents.addAll(Files.isDirectory(path) ? build(path) : Yaml.readAll(path));
        }
        for (Object entry : Yaml.list(kustomization.get("patches"))) {
            Map<String, Object> patchEntry = Yaml.cast(entry);
            if (!patchEntry.keySet().equals(Set.of("path"))) {
                throw new IllegalStateException("only 'patches: - path: file' is supported, got " + patchEntry);
            }
            Path patchFile = directory.resolve((String) patchEntry.get("path"));
            for (Map<String, Object> patch : Yaml.readAll(patchFile)) {
                applyPatch(documents, patch, patchFile);
            }
        }
        for (Object entry : Yaml.list(kustomization.get("images"))) {
            setImage(documents, Yaml.cast(entry));
        }
        checkUnique(documents, directory);
        return documents;
    }

    private static void applyPatch(List<Map<String, Object>> documents, Map<String, Object> patch, Path file) {
        String kind = (String) patch.get("kind");
        String name = (String) Yaml.at(patch, "metadata.name");
        for (int i = 0; i < documents.size(); i++) {
            Map<String, Object> document = documents.get(i);
            if (Objects.equals(kind, document.get("kind")) && Objects.equals(name, Yaml.at(document, "metadata.name"))) {
                documents.set(i, Yaml.cast(merge(document, patch, "")));
                return;
            }
        }
        throw new IllegalStateException("patch " + file + " targets " + kind + "/" + name + ", which no resource defines");
    }

    static Object merge(Object base, Object patch, String field) {
        if (base instanceof Map<?, ?> baseMap && patch instanceof Map<?, ?> patchMap) {
            Map<String, Object> result = new LinkedHashMap<>(Yaml.cast(baseMap));
            Yaml.cast(patchMap).forEach((key, value) -> {
                if (value == null) {
                    result.remove(key);
                } else if (result.containsKey(key)) {
                    result.put(key, merge(result.get(key), value, key));
                } else {
                    result.put(key, value);
                }
            });
            return result;
        }
        if (base instanceof List<?> baseList && patch instanceof List<?> patchList) {
            String key = mergeKey(field, patchList);
            if (key == null) {
                return patchList;
            }
            List<Object> result = new ArrayList<>(baseList);
            for (Object item : patchList) {
                Object id = Yaml.cast(item).get(key);
                int found = -1;
                for (int i = 0; i < result.size(); i++) {
                    if (result.get(i) instanceof Map<?, ?> existing && Objects.equals(existing.get(key), id)) {
                        found = i;
                    }
                }
                if (found < 0) {
                    result.add(item);
                } else {
                    result.set(found, merge(result.get(found), item, field));
                }
            }
            return result;
        }
        return patch;
    }

    private static String mergeKey(String field, List<?> items) {
        String key = switch (field) {
            case "containers", "initContainers", "env", "volumes", "imagePullSecrets" -> "name";
            case "volumeMounts" -> "mountPath";
            case "ports" -> items.stream().allMatch(i -> i instanceof Map<?, ?> m && m.containsKey("containerPort"))
                    ? "containerPort" : "port";
            default -> null;
        };
        if (key == null) {
            return null;
        }
        String k = key;
        return items.stream().allMatch(i -> i instanceof Map<?, ?> m && m.containsKey(k)) ? key : null;
    }

    private static void setImage(List<Map<String, Object>> documents, Map<String, Object> image) {
        String name = (String) image.get("name");
        for (Map<String, Object> document : documents) {
            for (Object container : Yaml.list(Yaml.at(document, "spec.template.spec.containers"))) {
                Map<String, Object> c = Yaml.cast(container);
                String current = (String) c.get("image");
                String repository = current.contains(":") ? current.substring(0, current.lastIndexOf(':')) : current;
                if (repository.equals(name)) {
                    String newName = (String) image.getOrDefault("newName", repository);
                    String tag = (String) image.getOrDefault("newTag",
                            current.contains(":") ? current.substring(current.lastIndexOf(':') + 1) : "latest");
                    c.put("image", newName + ":" + tag);
                }
            }
        }
    }

    private static void checkUnique(List<Map<String, Object>> documents, Path directory) {
        Set<String> ids = new HashSet<>();
        for (Map<String, Object> document : documents) {
            String id = document.get("kind") + "/" + Yaml.at(document, "metadata.name");
            if (!ids.add(id)) {
                throw new IllegalStateException(directory + ": " + id + " is defined twice (kustomize refuses this)");
            }
        }
    }
}
