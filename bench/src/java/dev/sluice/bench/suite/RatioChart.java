package dev.sluice.bench.suite;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A scenario's chart (PNG, 800x500): the headline metric's ratio to NIO per variant, one bar series
 * per group, with the NIO level (1.0) drawn across. Variants without a finite ratio get no bar.
 */
final class RatioChart {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;

    private RatioChart() {
    }

    static void write(ResultsDirectory directory, ScenarioOutcome outcome) throws IOException {
        Files.createDirectories(directory.chart(outcome.scenario()).getParent());
        try (OutputStream out = Files.newOutputStream(directory.chart(outcome.scenario()))) {
            BitmapEncoder.saveBitmap(chart(outcome), out, BitmapEncoder.BitmapFormat.PNG);
        }
    }

    static CategoryChart chart(ScenarioOutcome outcome) {
        PairedResults results = outcome.results();
        Metric headline = outcome.headline();
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(outcome.scenario().name() + ": " + headline.label() + ", ratio vs NIO")
                .xAxisTitle("variant").yAxisTitle("ratio vs NIO, median of rounds (higher is better)").build();
        List<String> variants = variants(results);
        List<String> labels = variants.stream()
                .map(v -> outcome.scenario().isBaseline(v) ? v + " (baseline)" : v).toList();
        double highest = 1.0;
        for (Map<String, String> group : results.groups()) {
            List<Double> ratios = new ArrayList<>();
            for (String variant : variants) {
                OptionalDouble ratio = results.ratio(group, variant, headline);
                boolean drawable = ratio.isPresent() && Double.isFinite(ratio.getAsDouble());
                ratios.add(drawable ? ratio.getAsDouble() : null);
                highest = drawable ? Math.max(highest, ratio.getAsDouble()) : highest;
            }
            if (ratios.stream().anyMatch(Objects::nonNull)) {
                chart.addSeries(group.isEmpty() ? headline.label() : Progress.describe(group), labels, ratios);
            }
        }
        style(chart, chart.getSeriesMap().size(), variants.size(), highest);
        chart.addAnnotation(new AnnotationLine(1.0, false, false)); // NIO's level
        return chart;
    }

    private static void style(CategoryChart chart, int series, int variants, double highest) {
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setLegendVisible(series > 1);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(highest * 1.1); // room above the tallest bar and the 1.0 line
        styler.setYAxisDecimalPattern("0.00"); // the bars' labels too
        styler.setLabelsVisible(true);
        styler.setLabelsPosition(0.92);
        styler.setLabelsFont(styler.getLabelsFont().deriveFont(Font.BOLD, series * variants > 12 ? 10f : 13f));
        styler.setAvailableSpaceFill(0.7);
        styler.setXAxisLabelRotation(variants > 4 ? 20 : 0);
        styler.setChartTitleFont(styler.getChartTitleFont().deriveFont(16f));
        styler.setAxisTickLabelsFont(styler.getAxisTickLabelsFont().deriveFont(13f));
        styler.setAnnotationLineColor(Color.DARK_GRAY);
        styler.setAnnotationLineStroke(new BasicStroke(2f));
    }

    /** Every variant measured in any group, in run order. */
    private static List<String> variants(PairedResults results) {
        Set<String> variants = new LinkedHashSet<>();
        results.groups().forEach(group -> variants.addAll(results.variants(group)));
        return List.copyOf(variants);
    }
}
