package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.domain.ComplianceType;
import java.util.Locale;
import java.util.Map;

/**
 * The verdict counts drawn as a ring in inline SVG, each verdict an arc as long as its share. Each verdict
 * also has a fill pattern of its own (hatched, solid, dotted), so that the ring and its legend swatches read
 * in black and white and for readers who do not tell red from green.
 */
final class DonutChart {

    private static final double CENTRE = 64;
    private static final double RADIUS = 50;
    private static final double WIDTH = 22;
    private static final double CIRCUMFERENCE = 2 * Math.PI * RADIUS;
    /** White space between two arcs, in the units of the circumference. */
    private static final double GAP = 2;

    private DonutChart() {
    }

    static void write(Map<ComplianceType, Integer> counts, StringBuilder page) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        long drawn = counts.values().stream().filter(count -> count > 0).count();
        page.append("<svg class=\"donut\" viewBox=\"0 0 128 128\" width=\"168\" height=\"168\" role=\"img\" ")
                .append("aria-labelledby=\"donut-title\"><title id=\"donut-title\">");
        counts.forEach((type, count) -> page.append(count).append(' ').append(type).append(", "));
        page.append("of ").append(total).append(total == 1 ? " user" : " users").append("</title>\n")
                .append("<defs>")
                .append("<pattern id=\"paint-non-compliant\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" ")
                .append("patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#d92d20\"/>")
                .append("<rect width=\"2.4\" height=\"6\" fill=\"#912018\"/></pattern>")
                .append("<pattern id=\"paint-compliant\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\">")
                .append("<rect width=\"6\" height=\"6\" fill=\"#12a150\"/></pattern>")
                .append("<pattern id=\"paint-not-applicable\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">")
                .append("<rect width=\"5\" height=\"5\" fill=\"#c4cad4\"/>")
                .append("<circle cx=\"2.5\" cy=\"2.5\" r=\"1.2\" fill=\"#475467\"/></pattern>")
                .append("</defs>\n")
                .append(circle("track", "#eaecf0", CIRCUMFERENCE, 0)).append("/>\n");
        double start = 0;
        for (Map.Entry<ComplianceType, Integer> entry : counts.entrySet()) {
            if (entry.getValue() == 0) {
                continue;
            }
            double length = CIRCUMFERENCE * entry.getValue() / total;
            double shown = drawn > 1 ? Math.max(length - GAP, 0.5) : length;
            String type = HtmlReport.cssClass(entry.getKey());
            page.append(circle("arc " + type, "url(#paint-" + type + ")", shown, start)).append("><title>").append(entry.getValue()).append(' ').append(entry.getKey())
                    .append("</title></circle>\n");
            start += length;
        }
        page.append("<text x=\"64\" y=\"66\" text-anchor=\"middle\" class=\"total\">").append(total).append("</text>")
                .append("<text x=\"64\" y=\"84\" text-anchor=\"middle\" class=\"total-label\">")
                .append(total == 1 ? "user" : "users").append("</text>\n</svg>\n");
    }

    /** A small square in the verdict's paint, for a legend beside the ring. */
    static String swatch(ComplianceType type) {
        return "<svg class=\"swatch\" viewBox=\"0 0 14 14\" width=\"14\" height=\"14\" aria-hidden=\"true\">"
                + "<rect width=\"14\" height=\"14\" rx=\"3\" fill=\"url(#paint-" + HtmlReport.cssClass(type) + ")\"/></svg>";
    }

    /** A ring segment {@code length} long from {@code start}, clockwise from twelve o'clock; the tag left open. */
    private static String circle(String cssClass, String paint, double length, double start) {
        return "<circle class=\"" + cssClass + "\" cx=\"" + number(CENTRE) + "\" cy=\"" + number(CENTRE) + "\" r=\""
                + number(RADIUS) + "\" fill=\"none\" stroke=\"" + paint + "\" stroke-width=\"" + number(WIDTH)
                + "\" stroke-dasharray=\"" + number(length) + " " + number(CIRCUMFERENCE) + "\" stroke-dashoffset=\""
                + number(-start) + "\" transform=\"rotate(-90 64 64)\"";
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
