package io.dialgate.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A record that carries a secret (an API key, a token, a password, a signing secret) must not print it in its
 * {@code toString()}: a log line, an exception message or a debugger view would leak it. Every record of the
 * gateway with such a component is built with a marked value, and its text must not contain the mark.
 */
class SecretRecordsTest {

    private static final Path CLASSES = Path.of("target/classes");
    private static final Pattern SECRET = Pattern.compile(
            "(?i)secret|secrets|apiKey|accessToken|refreshToken|password|token|plaintext");
    private static final String MARK = "MARKED-SECRET-VALUE";

    @Test
    void shouldKeepSecretsOutOfEveryRecordsText() throws Exception {
        List<String> leaks = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        for (Class<?> type : records()) {
            RecordComponent[] components = type.getRecordComponents();
            if (Stream.of(components).noneMatch(SecretRecordsTest::isSecret)) {
                continue;
            }
            Object[] values = new Object[components.length];
            for (int i = 0; i < components.length; i++) {
                values[i] = sample(components[i]);
            }
            Constructor<?> constructor = type.getDeclaredConstructor(Stream.of(components).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new));
            constructor.setAccessible(true);
            String text = constructor.newInstance(values).toString();
            checked.add(type.getName());
            if (text.contains(MARK)) {
                leaks.add(type.getName() + ": " + text);
            }
        }

        assertThat(checked).as("records with a secret component").contains(
                "io.dialgate.gateway.tenant.AdminTenantResource$CreatedTenantResponse",
                "io.dialgate.gateway.webhook.WebhookResponses$CreatedWebhookResponse",
                "io.dialgate.gateway.tenant.TenantService$IssuedKey", "io.dialgate.gateway.user.PbxUserService$Credentials");
        assertThat(leaks).as("records whose toString() prints a secret").isEmpty();
    }

    private static boolean isSecret(RecordComponent component) {
        return SECRET.matcher(component.getName()).matches() && (component.getType() == String.class
                || component.getType() == List.class || component.getType() == java.util.Optional.class);
    }

    private static Object sample(RecordComponent component) {
        // Secret-looking values in every String of a nested object would be over-reach: only the record's own components are marked.
        Class<?> type = component.getType();
        if (type == String.class) {
            return isSecret(component) ? MARK : "x";
        }
        if (type == List.class) {
            return isSecret(component) ? List.of(MARK) : List.of();
        }
        if (type == java.util.Optional.class) {
            return isSecret(component) ? java.util.Optional.of(MARK) : java.util.Optional.empty();
        }
        if (type.isPrimitive()) {
            return java.lang.reflect.Array.get(java.lang.reflect.Array.newInstance(type, 1), 0); // its default value
        }
        try {
            // An entity or other value with a no-argument constructor, for a toString() that reads from it.
            Constructor<?> empty = type.getDeclaredConstructor();
            empty.setAccessible(true);
            return empty.newInstance();
        } catch (ReflectiveOperationException | RuntimeException none) {
            return null;
        }
    }

    private static List<Class<?>> records() throws IOException, ClassNotFoundException {
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, SecretRecordsTest.class.getClassLoader());
                if (type.isRecord()) {
                    found.add(type);
                }
            }
        }
        return found;
    }
}
