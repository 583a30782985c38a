package io.dialgate.it.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables an app reads, collected from its sources rather than typed in a list:
 * the keys of {@code application.properties} (profile prefixes dropped) and the {@code ${...}}
 * references in it, every property of each {@code @ConfigMapping} interface (prefix plus kebab-case
 * method names, nested groups followed), the env-var column of the README configuration tables
 * (launcher-only rows skipped: the app never reads them) and the {@code ENV} lines of the app's
 * Dockerfile (read by the image's start script). Env names follow SmallRye Config: upper case, every
 * character that is not a letter or digit becomes {@code _}.
 *
 * @param app            the app name, for messages
 * @param port           the app's HTTP port ({@code quarkus.http.port} in its application.properties)
 * @param managementPort the port of its management interface (health, metrics) when its packaged build has one
 *                       ({@code quarkus.management.enabled}, for any profile), else 0
 * @param env            every environment variable name the app reads
 */
record AppSettings(String app, int port, int managementPort, Set<String> env) {

    /** Where the app answers health checks: the management port when it has one. */
    int healthPort() {
        return managementPort == 0 ? port : managementPort;
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^:}]+)");
    private static final Pattern MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern NESTED_BLOCK = Pattern.compile("(?:interface|enum)\\s+(\\w+)\\s*\\{([^{}]*)\\}");
    private static final Pattern METHOD = Pattern.compile("([\\w.<>]+)\\s+(\\w+)\\s*\\(\\s*\\)\\s*;");
    private static final Pattern README_ROW = Pattern.compile("^\\|([^|]*)\\|\\s*`([A-Z][A-Z0-9_]*)`\\s*\\|");
    private static final Pattern DOCKER_ENV = Pattern.compile("^ENV\\s+([A-Za-z_][A-Za-z0-9_]*)[= ]", Pattern.MULTILINE);

    static AppSettings gateway(Path root) {
        return collect("gateway", root.resolve("gateway"), List.of(root.resolve("README.md"), root.resolve("gateway/README.md")));
    }

    static AppSettings simulator(Path root) {
        return collect("simulator", root.resolve("simulator"), List.of(root.resolve("simulator/README.md")));
    }

    static AppSettings collect(String app, Path module, List<Path> readmes) {
        Set<String> env = new TreeSet<>();
        Map<String, String> properties = new HashMap<>();
        for (String line : read(module.resolve("src/main/resources/application.properties")).split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#") || !line.contains("=")) {
                continue;
            }
            String key = line.substring(0, line.indexOf('=')).strip().replaceFirst("^%[\\w-]+\\.", "");
            String value = line.substring(line.indexOf('=') + 1).strip();
            properties.put(key, value);
            env.add(toEnv(key));
            Matcher placeholder = PLACEHOLDER.matcher(value);
            while (placeholder.find()) {
                env.add(toEnv(placeholder.group(1)));
            }
        }
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            files.filter(f -> f.toString().endsWith(".java")).map(AppSettings::read)
                    .filter(source -> source.contains("@ConfigMapping"))
                    .forEach(source -> env.addAll(mappingProperties(source).stream().map(AppSettings::toEnv).toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path readme : readmes) {
            if (!Files.exists(readme)) {
                continue;
            }
            for (String line : read(readme).split("\n")) {
                Matcher row = README_ROW.matcher(line);
                if (row.find() && !row.group(1).strip().startsWith("Launcher:")) {
                    env.add(row.group(2));
                }
            }
        }
        Path dockerfile = module.resolve("src/main/docker/Dockerfile.jvm");
        if (Files.exists(dockerfile)) {
            Matcher dockerEnv = DOCKER_ENV.matcher(read(dockerfile));
            while (dockerEnv.find()) {
                env.add(dockerEnv.group(1));
            }
        }
        int port = Integer.parseInt(properties.getOrDefault("quarkus.http.port", "8080"));
        int managementPort = "true".equals(properties.get("quarkus.management.enabled"))
                ? Integer.parseInt(properties.getOrDefault("quarkus.management.port", "9000")) : 0;
        return new AppSettings(app, port, managementPort, Set.copyOf(env));
    }

    /** The properties of one {@code @ConfigMapping} source file (comments stripped, nested groups followed). */
    static Set<String> mappingProperties(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Matcher prefixMatcher = MAPPING_PREFIX.matcher(code);
        if (!prefixMatcher.find()) {
            return Set.of();
        }
        Matcher topName = Pattern.compile("@ConfigMapping\\([^)]*\\)[^{]*?interface\\s+(\\w+)").matcher(code);
        String top = topName.find() ? topName.group(1) : "";
        Map<String, String> nested = new HashMap<>();
        StringBuilder topLevel = new StringBuilder();
        Matcher block = NESTED_BLOCK.matcher(code);
        while (block.find()) {
            if (!block.group(1).equals(top)) {
                nested.put(block.group(1), block.group(2));
                block.appendReplacement(topLevel, "");
            }
        }
        block.appendTail(topLevel);
        Set<String> properties = new TreeSet<>();
        addMethods(prefixMatcher.group(1), topLevel.toString(), nested, properties);
        return properties;
    }

    private static void addMethods(String prefix, String body, Map<String, String> nested, Set<String> out) {
        Matcher method = METHOD.matcher(body);
        while (method.find()) {
            String type = method.group(1);
            String name = prefix + "." + kebab(method.group(2));
            if (nested.containsKey(type) && METHOD.matcher(nested.get(type)).find()) {
                addMethods(name, nested.get(type), nested, out);
            } else {
                out.add(name);
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    static String toEnv(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
