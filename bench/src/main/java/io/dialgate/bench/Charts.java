package io.dialgate.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts written beside a benchmark's markdown: latency distributions, counts per second, memory
 * against held users and per-replica shares. Drawn with XChart (plain Java2D, headless). The data
 * behind each chart is also in the benchmark's JSON, so a chart can always be checked against numbers.
 */
final class Charts {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;
    /** Percentiles a latency curve keeps: every whole one, then the tail in finer steps. */
    private static final double[] CURVE_PERCENTILES;

    static {
        // Benchmarks run without a display; XChart draws on Java2D images only.
        System.setProperty("java.awt.headless", "true");
        List<Double> p = new ArrayList<>();
        for (int i = 0; i <= 99; i++) {
            p.add((double) i);
        }
        p.addAll(List.of(99.5, 99.9, 100.0));
        CURVE_PERCENTILES = p.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private Charts() {
    }

    /**
     * A latency distribution as points {@code [percentile, milliseconds]} (0, 1, ..., 99, 99.5, 99.9, 100),
     * small enough for the JSON report; {@code sortedNanos} must be sorted.
     */
    static List<List<Double>> curve(long[] sortedNanos) {
        List<List<Double>> points = new ArrayList<>();
        if (sortedNanos.length == 0) {
            return points;
        }
        for (double p : CURVE_PERCENTILES) {
            int index = Math.max(0, Math.min(sortedNanos.length - 1, (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1));
            points.add(List.of(p, Math.round(sortedNanos[index] / 1e3) / 1e3));
        }
        return points;
    }

    /**
     * Latency against percentile, one line per series (each from {@link #curve}); the y axis is logarithmic
     * when the tail is over twenty times the median, so that both stay readable.
     */
    static void latency(Path file, String title, Map<String, List<List<Double>>> curves) {
        XYChart chart = xy(title, "percentile", "latency (ms)");
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (Map.Entry<String, List<List<Double>>> e : curves.entrySet()) {
            List<List<Double>> points = e.getValue();
            if (points == null || points.isEmpty()) {
                continue;
            }
            double[] x = points.stream().mapToDouble(p -> p.get(0)).toArray();
            double[] y = points.stream().mapToDouble(p -> Math.max(0.001, p.get(1))).toArray();
            for (double v : y) {
                lowest = Math.min(lowest, v);
                highest = Math.max(highest, v);
            }
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
        }
        if (highest > 20 * Math.max(lowest, 0.001)) {
            chart.getStyler().setYAxisLogarithmic(true);
        }
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(100.0);
        save(chart, file);
    }

    /** Counts per second (e.g. deliveries, events written), one line per series, x = seconds from the series' start. */
    static void perSecond(Path file, String title, String yLabel, Map<String, ? extends List<? extends Number>> series) {
        XYChart chart = xy(title, "second", yLabel);
        for (Map.Entry<String, ? extends List<? extends Number>> e : series.entrySet()) {
            List<? extends Number> counts = e.getValue();
            if (counts == null || counts.isEmpty()) {
                continue;
            }
            double[] x = new double[counts.size()];
            double[] y = new double[counts.size()];
            for (int i = 0; i < counts.size(); i++) {
                x[i] = i;
                y[i] = counts.get(i).doubleValue();
            }
            chart.addSeries(e.getKey(), x, y).setMarker(SeriesMarkers.NONE);
        }
        save(chart, file);
    }

    /**
     * Lines over a shared x axis: {@code series} maps a name to its points {@code [x, y]}, e.g. held polls per
     * replica over time, or memory against held users.
     */
    static void lines(Path file, String title, String xLabel, String yLabel, Map<String, List<double[]>> series,
            List<double[]> markers) {
        XYChart chart = xy(title, xLabel, yLabel);
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            List<double[]> points = e.getValue();
            if (points == null || points.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries(e.getKey(), points.stream().mapToDouble(p -> p[0]).toArray(),
                    points.stream().mapToDouble(p -> p[1]).toArray());
            s.setMarker(points.size() > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
        }
        // Vertical marker lines (e.g. the moment a replica was killed): [x, lowest y, highest y].
        for (int i = 0; i < (markers == null ? 0 : markers.size()); i++) {
            double[] m = markers.get(i);
            XYSeries s = chart.addSeries("marker " + (i + 1), new double[] {m[0], m[0]}, new double[] {m[1], m[2]});
            s.setMarker(SeriesMarkers.NONE).setLineColor(Color.GRAY)
                    .setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0))
                    .setShowInLegend(false);
        }
        save(chart, file);
    }

    /** Bars per category for each series, e.g. users per replica beside the fair share, or throughput per round. */
    static void bars(Path file, String title, String yLabel, List<String> categories, Map<String, List<? extends Number>> series) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(series.size() > 1);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setXAxisLabelRotation(categories.stream().anyMatch(c -> c.length() > 18) ? 15 : 0);
        series.forEach((name, values) -> chart.addSeries(name, categories, values));
        save(chart, file);
    }

    private static XYChart xy(String title, String xLabel, String yLabel) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        return chart;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setPlotBorderVisible(false);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setAntiAlias(true);
    }

    /** Writes the PNG; a chart that cannot be drawn is reported and skipped, never failing the benchmark it illustrates. */
    private static void save(Chart<?, ?> chart, Path file) {
        try {
            String name = file.toString();
            BitmapEncoder.saveBitmap(chart, name.endsWith(".png") ? name.substring(0, name.length() - 4) : name,
                    BitmapEncoder.BitmapFormat.PNG);
            System.out.println("Wrote " + file);
        } catch (IOException | RuntimeException e) {
            System.out.println("Chart " + file + " not written: " + e);
        }
    }
}
