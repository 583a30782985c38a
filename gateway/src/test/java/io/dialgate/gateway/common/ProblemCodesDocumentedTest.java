package io.dialgate.gateway.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Clients switch on a problem's {@code code}, so the README's table of codes must name every code the gateway's
 * source can answer with, and no code the source no longer has.
 */
class ProblemCodesDocumentedTest {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path README = Path.of("README.md");
    /** Where the source names a code: a domain exception's code argument, or a status and code given together. */
    private static final Pattern CODE_IN_SOURCE = Pattern.compile(
            "(?:(?:Conflict|Forbidden|Unprocessable|PbxConflict)Exception\\(|super\\(|\\b[1-5]\\d\\d, )\"([a-z]+(?:_[a-z]+)*)\"");
    /** A code chosen by a condition: {@code new ...Exception(cond ? "one_code" : "other_code", ...)}. */
    private static final Pattern CODES_CHOSEN = Pattern.compile(
            "(?:Conflict|Forbidden|Unprocessable|PbxConflict)Exception\\([^\";]*?\\? \"([a-z_]+)\" : \"([a-z_]+)\"");
    /** Codes made from a status's title (ProblemMapper's fallback for statuses the REST layer raises itself). */
    private static final Set<String> FROM_TITLES = Set.of("method_not_allowed", "not_acceptable", "unsupported_media_type");

    @Test
    void shouldDocumentEveryProblemCodeTheSourceAnswersWith() throws IOException {
        Set<String> inSource = new TreeSet<>(FROM_TITLES);
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher code = CODE_IN_SOURCE.matcher(source);
                while (code.find()) {
                    inSource.add(code.group(1));
                }
                Matcher chosen = CODES_CHOSEN.matcher(source);
                while (chosen.find()) {
                    inSource.add(chosen.group(1));
                    inSource.add(chosen.group(2));
                }
            }
        }
        String readme = Files.readString(README);
        String table = readme.substring(readme.indexOf("#### Problem codes"), readme.indexOf("Every response carries `X-Request-Id`"));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| \\d{3} \\| `([a-z_]+)` \\|").matcher(table);
        while (row.find()) {
            documented.add(row.group(1));
        }

        assertThat(inSource).as("codes found in the source").contains("database_unavailable", "duplicate_user", "pbx_timeout",
                "no_sms_queue", "queue_required");
        assertThat(documented).as("codes in the README's table").containsExactlyInAnyOrderElementsOf(inSource);
    }
}
