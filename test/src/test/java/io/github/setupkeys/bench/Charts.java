package io.github.setupkeys.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/** The PNG charts of {@code docs/benchmarks.md}, drawn from the medians with JFreeChart. */
final class Charts {

    private static final Color[] SERIES = {new Color(0x1b, 0x9e, 0x77), new Color(0xd9, 0x5f, 0x02),
        new Color(0x75, 0x70, 0xb3), new Color(0xe7, 0x29, 0x8a), new Color(0x66, 0xa6, 0x1e)};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Charts() {
    }

    /** One value per (series, category), e.g. per (contender, number of users). */
    record Bar(String series, String category, double value) {
    }

    /** Two log-scaled panels side by side: IAM calls and wall time of each contender at each size. */
    static void periodic(List<Bar> iamCalls, List<Bar> wallSeconds, String subtitle, Path png) {
        JFreeChart calls = bars("IAM calls (log scale)", "users", "IAM calls", iamCalls, true, "#,##0");
        JFreeChart wall = bars("Wall time, median (log scale)", "users", "seconds", wallSeconds, true, "#,##0.0");
        write(png, 1400, 560, subtitle, calls, wall);
    }

    /**
     * The periodic run at a distance: wall time one call at a time and with calls in flight, per row (log scale),
     * and beside it the run without a credential report against its target line.
     */
    static void latency(List<Bar> wallSeconds, List<Bar> fallbackSeconds, double fallbackTarget, String subtitle,
            Path png) {
        JFreeChart wall = bars("Periodic run, wall time, median (log scale)", "", "seconds", wallSeconds, true,
                "#,##0.0");
        wall.getCategoryPlot().getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        JFreeChart fallback = bars("No credential report: every user live", "", "seconds", fallbackSeconds, false,
                "#,##0");
        fallback.removeLegend();
        CategoryPlot plot = fallback.getCategoryPlot();
        plot.getRenderer().setSeriesPaint(0, SERIES[1]); // the colour of calls in flight in the panel beside it
        ValueMarker target = new ValueMarker(fallbackTarget, Color.DARK_GRAY,
                new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        target.setLabel(String.format(Locale.ROOT, "target %,.0f s", fallbackTarget));
        target.setLabelFont(LABEL);
        target.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        target.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(target);
        ((NumberAxis) plot.getRangeAxis()).setUpperBound(Math.max(fallbackTarget,
                fallbackSeconds.stream().mapToDouble(Bar::value).max().orElse(0)) * 1.2);
        write(png, 1400, 620, subtitle, wall, fallback);
    }

    /**
     * Median milliseconds from JVM start to the evaluation written, one bar per variant (bare starts grey), and one
     * target line per JDK ({@code targets}: label to milliseconds, in order) in that JDK's bar colour, since each
     * JDK's target is a multiple of its own bare start.
     */
    static void coldStart(List<Bar> millis, Map<String, Double> targets, String subtitle, Path png) {
        JFreeChart chart = bars("JVM start to first evaluation written, median", "", "milliseconds", millis, false,
                "#,##0");
        chart.removeLegend();
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setOrientation(PlotOrientation.HORIZONTAL);
        plot.getDomainAxis().setMaximumCategoryLabelWidthRatio(0.45f);
        plot.setRenderer(new BarRenderer() {
            @Override
            public java.awt.Paint getItemPaint(int row, int column) {
                String category = (String) plot.getDataset().getColumnKey(column);
                return category.startsWith("bare") ? Color.GRAY : category.contains("JDK 25") ? SERIES[1] : SERIES[0];
            }
        });
        styleBars((BarRenderer) plot.getRenderer(), "#,##0");
        plot.getRenderer().setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
        int line = 0;
        for (Map.Entry<String, Double> target : targets.entrySet()) {
            ValueMarker marker = new ValueMarker(target.getValue(), SERIES[line % 2],
                    new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            marker.setLabel(target.getKey());
            marker.setLabelFont(LABEL);
            boolean top = line % 2 == 0;
            marker.setLabelAnchor(top ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.BOTTOM_RIGHT);
            marker.setLabelTextAnchor(top ? TextAnchor.TOP_LEFT : TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(marker);
            line++;
        }
        write(png, 1400, 140 + 46 * millis.size(), subtitle, chart);
    }

    private static JFreeChart bars(String title, String categoryLabel, String valueLabel, List<Bar> bars, boolean log,
            String labelPattern) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        bars.forEach(bar -> data.addValue(bar.value(), bar.series(), bar.category()));
        JFreeChart chart = ChartFactory.createBarChart(title, categoryLabel, valueLabel, data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getTitle().setFont(TITLE);
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xcc, 0xcc, 0xcc));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setInsets(new RectangleInsets(8, 8, 8, 24));
        if (log) {
            LogAxis axis = new LogAxis(valueLabel);
            axis.setBase(10);
            axis.setSmallestValue(bars.stream().mapToDouble(Bar::value).min().orElse(1) / 3);
            axis.setTickUnit(new NumberTickUnit(1.0));
            axis.setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
            axis.setMinorTickCount(9);
            axis.setUpperMargin(0.25);
            plot.setRangeAxis(axis);
        } else {
            ((NumberAxis) plot.getRangeAxis()).setUpperMargin(0.2);
        }
        plot.getRangeAxis().setLabelFont(LABEL);
        plot.getRangeAxis().setTickLabelFont(LABEL);
        CategoryAxis categories = plot.getDomainAxis();
        categories.setLabelFont(LABEL);
        categories.setTickLabelFont(LABEL);
        categories.setCategoryLabelPositions(CategoryLabelPositions.STANDARD);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        for (int i = 0; i < data.getRowCount(); i++) {
            renderer.setSeriesPaint(i, SERIES[i % SERIES.length]);
        }
        styleBars(renderer, labelPattern);
        chart.getLegend().setItemFont(LABEL);
        return chart;
    }

    private static void styleBars(BarRenderer renderer, String labelPattern) {
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.05);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat(labelPattern, DecimalFormatSymbols.getInstance(Locale.ROOT))));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultItemLabelFont(LABEL);
    }

    private static void write(Path png, int width, int height, String subtitle, JFreeChart... charts) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.DARK_GRAY);
            g.setFont(LABEL);
            g.drawString(subtitle, 12, height - 10);
            double panel = (double) width / charts.length;
            for (int i = 0; i < charts.length; i++) {
                charts[i].draw(g, new Rectangle2D.Double(i * panel, 0, panel, height - 24));
            }
        } finally {
            g.dispose();
        }
        try {
            Files.createDirectories(png.getParent());
            ImageIO.write(image, "png", png.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
