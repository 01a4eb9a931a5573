package io.github.setupkeys.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the results into {@code docs/benchmarks.md} between {@value #START} and {@value #END} (the prose around
 * them is kept), draws the charts next to it, and keeps the raw timings in {@code benchmarks/results.json}.
 */
final class BenchmarkReport {

    static final String START = "<!-- benchmark results: start (written by test/bench/run) -->";
    static final String END = "<!-- benchmark results: end -->";
    static final double MIB = 1024.0 * 1024.0;

    private BenchmarkReport() {
    }

    static void write(Results results, Path docs) throws IOException {
        Path images = docs.resolve("benchmarks");
        Files.createDirectories(images);
        String subtitle = "Medians of repeated runs against moto, " + results.date() + ", "
                + results.machine().get("cores") + " cores (" + results.machine().get("CPU") + ")";
        Charts.periodic(bars(results, true), bars(results, false), subtitle, images.resolve("periodic.png"));
        Charts.coldStart(results.coldStart().stream().map(timing -> new Charts.Bar("median",
                timing.variant().name() + " (JDK " + timing.variant().jdk() + ")", timing.median())).toList(),
                coldStartTargets(results), subtitle, images.resolve("cold-start.png"));
        Files.writeString(images.resolve("results.json"), rawTimings(results), StandardCharsets.UTF_8);

        writeBetween(docs.resolve("benchmarks.md"), START, END, section(results));
    }

    /** Replaces what {@code markdown} holds between {@code start} and {@code end}; the prose around is kept. */
    static void writeBetween(Path markdown, String start, String end, String section) throws IOException {
        String existing = Files.exists(markdown) ? Files.readString(markdown) : "# Benchmarks\n\n" + start + "\n" + end + "\n";
        int from = existing.indexOf(start);
        int to = existing.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalStateException(markdown + " has no result markers " + start + " … " + end);
        }
        Files.writeString(markdown, existing.substring(0, from) + start + "\n" + section + end
                + existing.substring(to + end.length()), StandardCharsets.UTF_8);
    }

    /** Every run's numbers (not its verdicts), for comparing runs of the benchmark. */
    private static String rawTimings(Results results) {
        JsonObject raw = new JsonObject();
        raw.addProperty("date", results.date());
        JsonObject machine = new JsonObject();
        results.machine().forEach(machine::addProperty);
        raw.add("machine", machine);
        JsonArray periodic = new JsonArray();
        for (Results.Periodic size : results.periodic()) {
            contenders(size).forEach((name, runs) -> runs.forEach(run -> {
                JsonObject entry = new JsonObject();
                entry.addProperty("users", run.users());
                entry.addProperty("contender", name);
                entry.addProperty("wallSeconds", run.wallNanos() / 1e9);
                entry.addProperty("iamCalls", run.iamCalls());
                entry.addProperty("putEvaluations", run.putEvaluations());
                entry.addProperty("candidates", run.candidates());
                periodic.add(entry);
            }));
        }
        raw.add("periodic", periodic);
        JsonArray cold = new JsonArray();
        for (ColdStart.Timings timing : results.coldStart()) {
            JsonObject entry = new JsonObject();
            entry.addProperty("jdk", timing.variant().jdk());
            entry.addProperty("variant", timing.variant().name());
            JsonArray millis = new JsonArray();
            timing.millis().forEach(millis::add);
            entry.add("millis", millis);
            cold.add(entry);
        }
        raw.add("coldStart", cold);
        JsonObject memory = new JsonObject();
        memory.addProperty("users", results.memory().users());
        memory.addProperty("maxHeap", results.memory().maxHeap());
        JsonArray rss = new JsonArray();
        results.memory().peakRssKilobytes().forEach(rss::add);
        memory.add("peakRssKilobytes", rss);
        raw.add("memory", memory);
        raw.addProperty("jarBytes", results.jarBytes());
        raw.add("recording", RecordingSection.raw(results.recording()));
        return new GsonBuilder().setPrettyPrinting().create().toJson(raw) + "\n";
    }

    private static List<Charts.Bar> bars(Results results, boolean iamCalls) {
        List<Charts.Bar> bars = new ArrayList<>();
        for (Results.Periodic size : results.periodic()) {
            String users = String.format(Locale.ROOT, "%,d", size.users());
            for (Map.Entry<String, List<Contenders.Run>> contender : contenders(size).entrySet()) {
                bars.add(new Charts.Bar(contender.getKey(), users, iamCalls
                        ? Results.Periodic.medianIamCalls(contender.getValue())
                        : Results.Periodic.medianWallSeconds(contender.getValue())));
            }
        }
        return bars;
    }

    private static Map<String, List<Contenders.Run>> contenders(Results.Periodic size) {
        Map<String, List<Contenders.Run>> contenders = new java.util.LinkedHashMap<>();
        contenders.put(Contenders.BULK, size.bulk());
        contenders.put(Contenders.PER_USER, size.perUser());
        if (!size.shellCheck().isEmpty()) {
            contenders.put(Contenders.SHELL_CHECK, size.shellCheck());
        }
        return contenders;
    }

    private static String section(Results results) {
        StringBuilder md = new StringBuilder();
        md.append("\nRun ").append(results.date()).append(". Machine:\n\n");
        results.machine().forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
        md.append("- load average at end: ").append(Machine.loadAverage()).append("\n\n");

        md.append("### Periodic evaluation: the three contenders on the same users\n\n");
        md.append("![IAM calls and wall time per contender](benchmarks/periodic.png)\n\n");
        md.append("| users | contender | runs | IAM calls | PutEvaluations | wall time, median (min–max) |\n");
        md.append("|---:|---|---:|---:|---:|---|\n");
        for (Results.Periodic size : results.periodic()) {
            contenders(size).forEach((name, runs) -> md.append(String.format(Locale.ROOT,
                    "| %,d | %s | %d | %,.0f | %,.0f | %s |%n", size.users(), name, runs.size(),
                    Results.Periodic.medianIamCalls(runs), Results.Periodic.medianPutEvaluations(runs), seconds(runs))));
        }
        md.append("\n| users | candidates | IAM calls in the usual case, 3 + ⌈N/1000⌉ + 3 × candidates | bound, "
                + "⌈N/1000⌉ + 2 × 60 polls + 5 × candidates | periodic run's IAM calls (max) | per-user ÷ periodic, "
                + "IAM calls | per-user ÷ periodic, wall time | shell check ÷ periodic, wall time |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Results.Periodic size : results.periodic()) {
            md.append(String.format(Locale.ROOT, "| %,d | %,d | %,d | %,d | %,d | %.1f× | %.1f× | %s |%n", size.users(),
                    size.candidates(), size.usualIamCalls(), size.iamCallBound(), maxIamCalls(size.bulk()),
                    Results.Periodic.medianIamCalls(size.perUser()) / Results.Periodic.medianIamCalls(size.bulk()),
                    wallRatio(size.perUser(), size.bulk()),
                    size.shellCheck().isEmpty() ? "–"
                            : String.format(Locale.ROOT, "%.1f×", wallRatio(size.shellCheck(), size.bulk()))));
        }
        md.append("\nThe usual case assumes a new report ready on the second poll and one key's use looked up per "
                + "candidate; a candidate can cost up to five calls (login profile, keys, the use of two keys, tags) and "
                + "each poll for the report up to two, hence the bound. In every run the periodic run and the per-user "
                + "evaluation wrote the same verdict for every user, and found exactly the seeded findings (the "
                + "benchmark stops otherwise).\n");
        for (Results.Periodic size : results.periodic()) {
            if (size.shellCheck().isEmpty()) {
                continue;
            }
            Set<String> flagged = size.shellCheck().get(0).verdicts().keySet();
            Set<String> findings = new HashSet<>(size.findings());
            long missed = findings.stream().filter(name -> !flagged.contains(name)).count();
            long wrong = flagged.stream().filter(name -> !findings.contains(name)).count();
            md.append(String.format(Locale.ROOT, "At %,d users the shell check flagged %,d users: it missed %d of the "
                    + "%d findings and flagged %,d users that are not findings.%n", size.users(), flagged.size(), missed,
                    findings.size(), wrong));
        }

        md.append("\n### Cold start: JVM start to the first evaluation written (one change notification)\n\n");
        md.append("![Cold start per variant](benchmarks/cold-start.png)\n\n");
        md.append("| JDK | variant | runs | median ms (min–max) | × bare JVM start of the same JDK |\n");
        md.append("|---|---|---:|---|---:|\n");
        for (ColdStart.Timings timing : results.coldStart()) {
            double bare = bareMedian(results, timing.variant().jdk());
            md.append(String.format(Locale.ROOT, "| %s | %s | %d | %,.0f (%,.0f–%,.0f) | %.1f× |%n",
                    timing.variant().jdk(), timing.variant().name(), timing.millis().size(), timing.median(),
                    Stats.min(timing.millis()), Stats.max(timing.millis()), timing.median() / bare));
        }
        md.append("\nEvery child JVM runs with Lambda's default flags `")
                .append(String.join(" ", ChildJvm.LAMBDA_JVM_FLAGS))
                .append("` (java17 and java21 always; java25 without SnapStart or provisioned concurrency). The AOT "
                        + "cache is a measurement only: Lambda advises against shipping one in a .zip or jar "
                        + "deployment, and the rule does not.\n");

        Results.Memory memory = results.memory();
        if (memory.failure().isEmpty()) {
            md.append(String.format(Locale.ROOT, "%n### Memory%n%nThe periodic run of %,d users in a child JVM with "
                            + "`-Xmx%s` completed in all %d runs: peak RSS (VmHWM) median %.0f MiB (%.0f–%.0f), wall "
                            + "time median %.1f s.%n", memory.users(), memory.maxHeap(), memory.peakRssKilobytes().size(),
                    Stats.median(memory.peakRssKilobytes()) / 1024, Stats.min(memory.peakRssKilobytes()) / 1024,
                    Stats.max(memory.peakRssKilobytes()) / 1024, Stats.median(memory.wallSeconds())));
        } else {
            md.append(String.format(Locale.ROOT, "%n### Memory%n%nThe periodic run of %,d users in a child JVM with "
                    + "`-Xmx%s` did **not** complete: %s%n", memory.users(), memory.maxHeap(), memory.failure()));
        }
        md.append(String.format(Locale.ROOT, "%n### Jar%n%nShaded rule jar: %,d bytes (%.1f MiB).%n",
                results.jarBytes(), results.jarBytes() / MIB));
        RecordingSection.table(md, results.recording());

        md.append("\n### Targets\n\n| target | measured | met |\n|---|---|---|\n");
        for (Results.Periodic size : results.periodic()) {
            int max = maxIamCalls(size.bulk());
            target(md, String.format(Locale.ROOT, "%,d users: IAM calls ≤ the usual case 3 + ⌈N/1000⌉ + 3 × "
                    + "candidates = %,d", size.users(), size.usualIamCalls()),
                    String.format(Locale.ROOT, "%,d (max of runs)", max), max <= size.usualIamCalls());
        }
        Results.Periodic largest = results.periodic().get(results.periodic().size() - 1);
        double callRatio = Results.Periodic.medianIamCalls(largest.perUser())
                / Results.Periodic.medianIamCalls(largest.bulk());
        double wallRatio = wallRatio(largest.perUser(), largest.bulk());
        target(md, String.format(Locale.ROOT, "%,d users: ≥ 10× fewer IAM calls than per-user", largest.users()),
                String.format(Locale.ROOT, "%.1f×", callRatio), callRatio >= 10);
        target(md, String.format(Locale.ROOT, "%,d users: ≥ 5× less wall time than per-user", largest.users()),
                String.format(Locale.ROOT, "%.1f×", wallRatio), wallRatio >= 5);
        double bestArchive = bestArchived(results, "17", "archive trained");
        target(md, "cold start with the AppCDS archive ≤ 5× a bare JVM start (JDK 17)",
                String.format(Locale.ROOT, "%.1f× (best archive)", bestArchive), bestArchive <= 5);
        if (results.coldStart().stream().anyMatch(timing -> timing.variant().jdk().equals("25"))) {
            double aotCache = bestArchived(results, "25", "cache trained");
            target(md, "cold start with the AOT cache ≤ 5× a bare JVM start (JDK 25, the runtime the CDK app deploys)",
                    String.format(Locale.ROOT, "%.1f×", aotCache), aotCache <= 5);
        }
        target(md, String.format(Locale.ROOT, "%,d-user periodic run completes with -Xmx128m", memory.users()),
                memory.failure().isEmpty() ? String.format(Locale.ROOT, "completed, peak RSS %.0f MiB",
                        Stats.median(memory.peakRssKilobytes()) / 1024) : "did not complete",
                memory.failure().isEmpty());
        target(md, "shaded jar ≤ 15 MB", String.format(Locale.ROOT, "%.1f MiB", results.jarBytes() / MIB),
                results.jarBytes() <= 15L * 1024 * 1024);
        RecordingSection.targets(results.recording(), (target, measured, met) -> target(md, target, measured, met));
        return md.toString();
    }

    private static void target(StringBuilder md, String target, String measured, boolean met) {
        md.append("| ").append(target).append(" | ").append(measured).append(" | ").append(met ? "yes" : "**no**")
                .append(" |\n");
    }

    /** 5 × each JDK's bare start, labelled for the chart. */
    private static Map<String, Double> coldStartTargets(Results results) {
        Map<String, Double> targets = new LinkedHashMap<>();
        results.coldStart().stream().filter(timing -> timing.variant().bare()).forEach(bare -> {
            double millis = 5 * bare.median();
            targets.put(String.format(Locale.ROOT, "target JDK %s: 5 × its bare start = %,.0f ms",
                    bare.variant().jdk(), millis), millis);
        });
        return targets;
    }

    /** The fastest archived variant of {@code jdk} (its name contains {@code archived}), as a multiple of the bare start. */
    private static double bestArchived(Results results, String jdk, String archived) {
        return results.coldStart().stream().filter(timing -> timing.variant().jdk().equals(jdk)
                && timing.variant().name().contains(archived)).mapToDouble(ColdStart.Timings::median).min()
                .orElseThrow() / bareMedian(results, jdk);
    }

    private static double bareMedian(Results results, String jdk) {
        return results.coldStart().stream().filter(timing -> timing.variant().bare() && timing.variant().jdk().equals(jdk))
                .mapToDouble(ColdStart.Timings::median).findFirst().orElseThrow();
    }

    private static int maxIamCalls(List<Contenders.Run> runs) {
        return runs.stream().mapToInt(Contenders.Run::iamCalls).max().orElseThrow();
    }

    private static double wallRatio(List<Contenders.Run> slower, List<Contenders.Run> faster) {
        return Results.Periodic.medianWallSeconds(slower) / Results.Periodic.medianWallSeconds(faster);
    }

    private static String seconds(List<Contenders.Run> runs) {
        List<Double> wall = runs.stream().map(run -> run.wallNanos() / 1e9).collect(Collectors.toList());
        return String.format(Locale.ROOT, "%.2f s (%.2f–%.2f)", Stats.median(wall), Stats.min(wall), Stats.max(wall));
    }

}
