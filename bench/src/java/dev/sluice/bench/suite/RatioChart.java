package dev.sluice.bench.suite;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.style.Styler;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A scenario's chart (PNG, 500 high, 800 wide or 40 per bar if more): the headline metric's ratio to
 * NIO, one bar per variant and group (the median of the rounds) with each round's ratio drawn as a
 * point on it, so the spread shows, and the NIO level (1.0) drawn across. Peers and limits are
 * labelled as such. Variants without a finite ratio get no bar.
 */
final class RatioChart {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;
    private static final int PIXELS_PER_BAR = 40;

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
        Scenario scenario = outcome.scenario();
        Metric headline = outcome.headline();
        List<String> labels = new ArrayList<>();
        List<Double> medians = new ArrayList<>();
        List<List<Double>> rounds = new ArrayList<>();
        for (int r = 0; r < results.rounds(); r++) {
            rounds.add(new ArrayList<>());
        }
        double highest = 1.0;
        boolean grouped = results.groups().size() > 1;
        for (Map<String, String> group : results.groups()) {
            for (String variant : results.variants(group)) {
                labels.add(variant + MarkdownReport.marker(scenario, variant).replace("*", "")
                        + (grouped ? " · " + Progress.describe(group) : ""));
                medians.add(drawable(results.ratio(group, variant, headline)));
                List<Double> perRound = results.roundRatios(group, variant, headline);
                for (int r = 0; r < results.rounds(); r++) {
                    Double ratio = perRound.get(r) != null && Double.isFinite(perRound.get(r)) ? perRound.get(r) : null;
                    rounds.get(r).add(ratio);
                    highest = ratio != null ? Math.max(highest, ratio) : highest;
                }
                Double median = medians.get(medians.size() - 1);
                highest = median != null ? Math.max(highest, median) : highest;
            }
        }
        CategoryChart chart = new CategoryChartBuilder().width(Math.max(WIDTH, PIXELS_PER_BAR * labels.size()))
                .height(HEIGHT).title(scenario.name() + ": " + headline.label() + ", ratio vs NIO")
                .xAxisTitle(grouped ? "variant · params" : "variant")
                .yAxisTitle("ratio vs NIO (higher is better)").build();
        if (medians.stream().anyMatch(Objects::nonNull)) {
            chart.addSeries("median of the rounds", labels, medians);
            for (int r = 0; r < results.rounds(); r++) {
                if (rounds.get(r).stream().anyMatch(Objects::nonNull)) {
                    chart.addSeries("round " + (r + 1), labels, rounds.get(r))
                            .setChartCategorySeriesRenderStyle(CategorySeriesRenderStyle.Scatter);
                }
            }
        }
        style(chart, labels.size(), highest);
        chart.addAnnotation(new AnnotationLine(1.0, false, false)); // NIO's level
        return chart;
    }

    private static Double drawable(OptionalDouble ratio) {
        return ratio.isPresent() && Double.isFinite(ratio.getAsDouble()) ? ratio.getAsDouble() : null;
    }

    private static void style(CategoryChart chart, int bars, double highest) {
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setOverlapped(true); // the rounds' points sit on their bar
        styler.setLegendVisible(true);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(highest * 1.1); // room above the tallest bar or point and the 1.0 line
        styler.setYAxisDecimalPattern("0.00");
        styler.setAvailableSpaceFill(0.7);
        styler.setXAxisLabelRotation(bars > 4 ? 60 : 0);
        styler.setChartTitleFont(styler.getChartTitleFont().deriveFont(16f));
        styler.setAxisTickLabelsFont(styler.getAxisTickLabelsFont().deriveFont(bars > 12 ? 10f : 13f));
        styler.setMarkerSize(8);
        styler.setAnnotationLineColor(Color.DARK_GRAY);
        styler.setAnnotationLineStroke(new BasicStroke(2f));
    }
}
