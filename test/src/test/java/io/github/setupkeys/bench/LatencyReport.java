package io.github.setupkeys.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the latency rows into {@code docs/benchmarks.md} between {@value #START} and {@value #END} (so they can be
 * run on their own without touching the emulator's results), draws their chart and keeps every run's numbers in
 * {@code benchmarks/latency.json}.
 */
final class LatencyReport {

    static final String START = "<!-- latency results: start (written by test/bench/run) -->";
    static final String END = "<!-- latency results: end -->";
    /** Issue 17's targets: a quarter of the time one call at a time takes; the fallback within three minutes. */
    static final double RATIO_TARGET = 0.25;
    static final double FALLBACK_TARGET_SECONDS = 180;

    private LatencyReport() {
    }

    static void write(Results.Latency latency, Path docs) throws IOException {
        Path images = docs.resolve("benchmarks");
        Files.createDirectories(images);
        String subtitle = "Medians against moto with every answer delayed, " + latency.date() + ", "
                + latency.machine().get("cores") + " cores (" + latency.machine().get("CPU") + "), load average "
                + latency.machine().get("load average at start") + " at start, " + latency.loadAtEnd() + " at end";
        List<Charts.Bar> wall = new ArrayList<>();
        List<Charts.Bar> fallback = new ArrayList<>();
        for (Results.LatencyRow row : latency.rows()) {
            if (row.oneAtATime().isEmpty()) {
                fallback.add(new Charts.Bar(LatencyBenchmarks.CONCURRENT, label(row),
                        Results.Periodic.medianWallSeconds(row.concurrent())));
            } else {
                wall.add(new Charts.Bar(LatencyBenchmarks.ONE_AT_A_TIME, label(row),
                        Results.Periodic.medianWallSeconds(row.oneAtATime())));
                wall.add(new Charts.Bar(LatencyBenchmarks.CONCURRENT, label(row),
                        Results.Periodic.medianWallSeconds(row.concurrent())));
            }
        }
        Charts.latency(wall, fallback, FALLBACK_TARGET_SECONDS, subtitle, images.resolve("latency.png"));
        Files.writeString(images.resolve("latency.json"), raw(latency), StandardCharsets.UTF_8);

        BenchmarkReport.writeBetween(docs.resolve("benchmarks.md"), START, END, section(latency));
    }

    private static String label(Results.LatencyRow row) {
        return String.format(Locale.ROOT, "%s, %s", row.name(),
                row.delayMillis() == 0 ? "no added delay" : row.delayMillis() + " ms a call");
    }

    private static String section(Results.Latency latency) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%nRun %s with every IAM and Config answer delayed by %d ms, %d calls in "
                        + "flight against one at a time. Load average (1, 5, 15 min) %s at start, %s at end.%n%n",
                latency.date(), latency.delayMillis(), latency.callsInFlight(),
                latency.machine().get("load average at start"), latency.loadAtEnd()));
        md.append("![Wall time of the periodic run, one call at a time and several in flight](benchmarks/latency.png)\n\n");
        md.append("| row | users | answer delay | calls | runs | IAM calls | Config calls | wall time, median (min–max) "
                + "| of which confirming candidates | of which writing | most IAM calls in flight | most Config calls "
                + "in flight | connections opened |\n"
                + "|---|---:|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
        for (Results.LatencyRow row : latency.rows()) {
            line(md, row, LatencyBenchmarks.ONE_AT_A_TIME, row.oneAtATime());
            line(md, row, LatencyBenchmarks.CONCURRENT, row.concurrent());
        }
        md.append("\n| target | measured | met |\n|---|---|---|\n");
        for (Results.LatencyRow row : latency.rows()) {
            if (row.oneAtATime().isEmpty()) {
                double seconds = Results.Periodic.medianWallSeconds(row.concurrent());
                target(md, String.format(Locale.ROOT, "%s at %,d users, %d ms a call: ≤ %.0f s", row.name(),
                        row.users(), row.delayMillis(), FALLBACK_TARGET_SECONDS),
                        String.format(Locale.ROOT, "%.0f s (median of %d), of which %.0f s confirming %,d users live",
                                seconds, row.concurrent().size(), confirmingSeconds(row.concurrent()), row.users()),
                        seconds <= FALLBACK_TARGET_SECONDS);
            } else if (row.delayMillis() > 0) {
                target(md, String.format(Locale.ROOT, "%s at %,d users, %d ms a call: wall time ≤ %.2f × one call at "
                        + "a time", row.name(), row.users(), row.delayMillis(), RATIO_TARGET),
                        String.format(Locale.ROOT, "%.2f × (%.1f s against %.1f s); confirming the candidates alone "
                                        + "%.2f × (%.1f s against %.1f s); at most %d IAM calls in flight", row.ratio(),
                                Results.Periodic.medianWallSeconds(row.concurrent()),
                                Results.Periodic.medianWallSeconds(row.oneAtATime()),
                                confirmingSeconds(row.concurrent()) / confirmingSeconds(row.oneAtATime()),
                                confirmingSeconds(row.concurrent()), confirmingSeconds(row.oneAtATime()),
                                row.mostIamInFlight()),
                        row.ratio() <= RATIO_TARGET);
            } else {
                md.append(String.format(Locale.ROOT, "| (for comparison) %s at moto's own speed | %.2f × (%.2f s "
                                + "against %.2f s) | – |%n", row.name(), row.ratio(),
                        Results.Periodic.medianWallSeconds(row.concurrent()),
                        Results.Periodic.medianWallSeconds(row.oneAtATime())));
            }
        }
        md.append("\nEvery run reached exactly the population's verdicts (the benchmark stops otherwise).\n");
        return md.toString();
    }

    private static void line(StringBuilder md, Results.LatencyRow row, String calls, List<Contenders.Run> runs) {
        if (runs.isEmpty()) {
            return;
        }
        List<Double> wall = runs.stream().map(run -> run.wallNanos() / 1e9).toList();
        md.append(String.format(Locale.ROOT, "| %s | %,d | %d ms | %s | %d | %,.0f | %,.0f | %.1f s (%.1f–%.1f) | %.1f s "
                + "| %.1f s | %d | %d | %d |%n", row.name(), row.users(), row.delayMillis(), calls, runs.size(),
                Results.Periodic.medianIamCalls(runs),
                Stats.median(runs.stream().map(run -> run.calls().entrySet().stream()
                        .filter(call -> call.getKey().startsWith("config:")).mapToInt(call -> call.getValue()).sum())
                        .toList()),
                Stats.median(wall), Stats.min(wall), Stats.max(wall), confirmingSeconds(runs), writingSeconds(runs),
                runs.stream().mapToInt(run -> run.wire().mostIamInFlight()).max().orElse(0),
                runs.stream().mapToInt(run -> run.wire().mostConfigInFlight()).max().orElse(0),
                runs.stream().mapToInt(run -> run.wire().connections()).max().orElse(0)));
    }

    /** Median time from the first confirming call to the last answer to one, in seconds. */
    static double confirmingSeconds(List<Contenders.Run> runs) {
        return Stats.median(runs.stream().map(run -> run.wire().confirmingMillis() / 1e3).toList());
    }

    static double writingSeconds(List<Contenders.Run> runs) {
        return Stats.median(runs.stream().map(run -> run.wire().writingMillis() / 1e3).toList());
    }

    private static void target(StringBuilder md, String target, String measured, boolean met) {
        md.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**")
                .append(" |\n");
    }

    private static String raw(Results.Latency latency) {
        JsonObject raw = new JsonObject();
        raw.addProperty("date", latency.date());
        JsonObject machine = new JsonObject();
        latency.machine().forEach(machine::addProperty);
        machine.addProperty("load average at end", latency.loadAtEnd());
        raw.add("machine", machine);
        raw.addProperty("delayMillis", latency.delayMillis());
        raw.addProperty("callsInFlight", latency.callsInFlight());
        JsonArray runs = new JsonArray();
        for (Results.LatencyRow row : latency.rows()) {
            List<Contenders.Run> all = new ArrayList<>(row.oneAtATime());
            all.addAll(row.concurrent());
            for (Contenders.Run run : all) {
                JsonObject entry = new JsonObject();
                entry.addProperty("row", row.name());
                entry.addProperty("delayMillis", row.delayMillis());
                entry.addProperty("users", row.users());
                entry.addProperty("calls", run.contender());
                entry.addProperty("wallSeconds", run.wallNanos() / 1e9);
                entry.addProperty("iamCalls", run.iamCalls());
                entry.addProperty("putEvaluations", run.putEvaluations());
                entry.addProperty("candidates", run.candidates());
                entry.addProperty("mostIamInFlight", run.wire().mostIamInFlight());
                entry.addProperty("mostConfigInFlight", run.wire().mostConfigInFlight());
                entry.addProperty("connections", run.wire().connections());
                entry.addProperty("confirmingSeconds", run.wire().confirmingMillis() / 1e3);
                entry.addProperty("writingSeconds", run.wire().writingMillis() / 1e3);
                runs.add(entry);
            }
        }
        raw.add("runs", runs);
        return new GsonBuilder().setPrettyPrinting().create().toJson(raw) + "\n";
    }
}
