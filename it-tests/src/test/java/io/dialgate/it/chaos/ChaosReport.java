package io.dialgate.it.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The figures of one chaos run. Each scenario adds its rows; when {@code dialgate.chaos.results} names
 * a file (as {@code bench/run chaos} does), the run's table is written there as Markdown.
 */
final class ChaosReport {

    record Row(String scenario, String measure, String value) {
    }

    private static final List<Row> ROWS = new ArrayList<>();

    private ChaosReport() {
    }

    /** Measures and values in the order given, so the table reads as the scenario ran. */
    static Map<String, Object> figures(Object... measuresAndValues) {
        Map<String, Object> figures = new java.util.LinkedHashMap<>();
        for (int i = 0; i + 1 < measuresAndValues.length; i += 2) {
            figures.put((String) measuresAndValues[i], measuresAndValues[i + 1]);
        }
        return figures;
    }

    static synchronized void add(String scenario, Map<String, Object> figures) {
        figures.forEach((measure, value) -> ROWS.add(new Row(scenario, measure, String.valueOf(value))));
        System.out.println("chaos: " + scenario + " " + figures);
    }

    static synchronized void writeIfAsked(ChaosScale scale) {
        String target = System.getProperty("dialgate.chaos.results");
        if (target == null || target.isBlank()) {
            return;
        }
        StringBuilder md = new StringBuilder("# Chaos run\n\n")
                .append("`bench/run chaos` (it-tests `ChaosIT` at scale `").append(scale.name().toLowerCase())
                .append("`), ").append(LocalDate.now()).append(", on this 2-core machine: packaged gateway replicas, the")
                .append(" packaged simulator, one PostgreSQL and a webhook receiver, all on loopback.\n")
                .append("Settings: lease 6 s, tick 1 s, simulator hold 3 s; ").append(scale.describe()).append(".\n\n")
                .append("| Scenario | Measure | Value |\n|---|---|---|\n");
        for (Row row : ROWS) {
            md.append("| ").append(row.scenario()).append(" | ").append(row.measure()).append(" | ").append(row.value()).append(" |\n");
        }
        try {
            Files.writeString(Path.of(target), md.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
