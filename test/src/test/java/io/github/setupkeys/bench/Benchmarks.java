package io.github.setupkeys.bench;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.rule.EmulatedRule;
import io.github.setupkeys.rule.config.Events;
import io.github.setupkeys.rule.domain.RecordingParameters;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The performance benchmarks, against moto, in two parts ({@code bench.parts}, default {@code emulator,latency}):
 *
 * <ul>
 *   <li>{@code emulator}: the periodic run beside a per-user evaluation and the guidance's shell check on the same
 *       users, cold start of the shaded jar in child JVMs, the largest periodic run with a 128 MB heap, and what
 *       Config records over days of periodic runs at the largest size ({@link RecordingDays});</li>
 *   <li>{@code latency}: the periodic run with every answer delayed as a real endpoint's would be, with calls in
 *       flight and one at a time ({@link LatencyBenchmarks}).</li>
 * </ul>
 *
 * <p>Each part rewrites its own section of {@code docs/benchmarks.md} (between its result markers) with its charts,
 * so either can be run alone. Not a test: {@code test/bench/run} (or {@code ./mvnw -Pbench -DskipTests verify})
 * runs it.
 *
 * <p>System properties: {@code bench.sizes} (users, multiples of 1,000; default {@code 1000,5000}),
 * {@code bench.repeats} (runs of the periodic run and of the per-user evaluation, per size; default {@code 5,3}),
 * {@code bench.shellRepeats} (runs of the shell check per size; default {@code 3,1}), {@code bench.coldRepeats}
 * (default 15), {@code bench.memoryRepeats} (default 3), {@code bench.jdk25} (a JDK 25 home, optional);
 * {@code bench.delayMillis} (the answer delay of the latency part, default 50), {@code bench.latencyRepeats}
 * (measured runs with calls in flight per latency row, default 3), {@code bench.oneAtATimeRepeats} (runs one call
 * at a time of the 125-candidate rows and of the fresh row, default {@code 3,1}), {@code bench.fallbackRepeats}
 * (default 1), {@code bench.latencyUsers} (default 5,000) and {@code bench.freshCandidates} (default 2,000), both
 * multiples of 1,000; {@code bench.docs} (default {@code ../docs}),
 * {@code setupkeys.rule.jar}.
 */
public final class Benchmarks {

    private Benchmarks() {
    }


    public static void main(String[] args) throws Exception {
        Set<String> parts = Set.copyOf(Arrays.stream(System.getProperty("bench.parts", "emulator,latency").split(","))
                .map(String::trim).toList());
        boolean emulator = parts.contains("emulator");
        boolean latency = parts.contains("latency");
        if (!Set.of("emulator", "latency").containsAll(parts) || parts.isEmpty()) {
            throw new IllegalArgumentException("bench.parts is a list of emulator and latency, not " + parts);
        }
        List<Integer> sizes = ints(System.getProperty("bench.sizes", "1000,5000"));
        List<Integer> repeats = ints(System.getProperty("bench.repeats", "5,3"));
        List<Integer> shellRepeats = ints(System.getProperty("bench.shellRepeats", "3,1"));
        int coldRepeats = Integer.getInteger("bench.coldRepeats", 15);
        int memoryRepeats = Integer.getInteger("bench.memoryRepeats", 3);
        Duration delay = Duration.ofMillis(Integer.getInteger("bench.delayMillis", 50));
        LatencyBenchmarks latencyBenchmarks = new LatencyBenchmarks(delay, Integer.getInteger("bench.latencyRepeats", 3),
                ints(System.getProperty("bench.oneAtATimeRepeats", "3,1")), Integer.getInteger("bench.fallbackRepeats", 1));
        int latencyUsers = Integer.getInteger("bench.latencyUsers", 5000);
        int fresh = Integer.getInteger("bench.freshCandidates", 2000);
        Path docs = Path.of(System.getProperty("bench.docs", "../docs")).toAbsolutePath().normalize();
        Path ruleJar = Path.of(System.getProperty("setupkeys.rule.jar", "../rule/target/setupkeys-rule.jar"))
                .toAbsolutePath().normalize();
        Path jdk25 = Path.of(System.getProperty("bench.jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64"));
        Path work = Files.createDirectories(Path.of("target", "bench").toAbsolutePath());
        String started = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, String> machine = Machine.describe(jdk25);
        log("machine: " + machine + "; parts: " + parts);

        List<Results.Periodic> periodic = new ArrayList<>();
        List<ColdStart.Timings> coldStart = List.of();
        Results.Memory memory = null;
        Results.Recording recording = null;
        List<Results.LatencyRow> latencyRows = new ArrayList<>();
        try (MotoServer moto = MotoServer.start(); AwsStandIn standIn = AwsStandIn.inFrontOf(moto)) {
            Population population = new Population(moto, standIn);
            if (emulator) {
                Contenders contenders = new Contenders(standIn);
                ChildJvm child = new ChildJvm(ruleJar, LauncherJar.writeTo(work.resolve("launcher.jar")), Map.of(
                        "AWS_ENDPOINT_URL", standIn.endpoint().toString(),
                        "AWS_ACCESS_KEY_ID", "testing",
                        "AWS_SECRET_ACCESS_KEY", "testing"));
                for (int s = 0; s < sizes.size(); s++) {
                    int users = sizes.get(s);
                    log("seeding up to " + users + " users");
                    population.growTo(users);
                    if (s == 0) {
                        log("cold start");
                        ColdStart cold = new ColdStart(child, work);
                        String finding = Population.name("setup-unused", 0, 0);
                        coldStart = cold.measure(cold.prepare(ColdStart.javaOf(Path.of(System.getProperty("java.home"))),
                                ColdStart.javaOf(jdk25), changeEvent(work, finding, population.userId(finding))),
                                coldRepeats);
                    }
                    if (s == sizes.size() - 1) {
                        log("memory");
                        memory = memory(child, work, users, memoryRepeats, standIn);
                    }
                    periodic.add(periodic(population, contenders, perSize(repeats, s), perSize(shellRepeats, s)));
                }
                log("recording over " + RecordingDays.DAYS + " days");
                Results.Periodic largest = periodic.get(periodic.size() - 1);
                recording = new Results.Recording(largest.users(), RecordingParameters.DEFAULT_REFRESH_DAYS,
                        new RecordingDays(moto, standIn, population).run(largest.bulk().get(0).verdicts()));
            }
            if (latency) {
                log("seeding up to " + latencyUsers + " users");
                population.growTo(latencyUsers);
                latencyRows.addAll(latencyBenchmarks.onBlocks(population, standIn));
            }
        }
        if (latency && fresh > 0) {
            // Before the fallback, if any: the rows timed against one call at a time come first.
            int fallback = (int) latencyRows.stream().filter(row -> row.oneAtATime().isEmpty()).count();
            latencyRows.add(latencyRows.size() - fallback, latencyBenchmarks.freshCandidates(latencyUsers - fresh, fresh));
        }
        if (emulator) {
            Results results = new Results(started, machine, periodic, coldStart, memory, Files.size(ruleJar),
                    recording);
            BenchmarkReport.write(results, docs);
        }
        if (latency) {
            LatencyReport.write(new Results.Latency(started, machine, delay.toMillis(), CallsInFlight.DEFAULT,
                    latencyRows, Machine.loadAverage()), docs);
        }
        log("wrote " + docs.resolve("benchmarks.md"));
    }

    private static Results.Periodic periodic(Population population, Contenders contenders, int repeats, int shells) {
        int users = population.size();
        List<Contenders.Run> bulk = new ArrayList<>();
        List<Contenders.Run> perUser = new ArrayList<>();
        List<Contenders.Run> shell = new ArrayList<>();
        for (int run = 0; run < Math.max(repeats, shells); run++) {
            if (run < repeats) {
                bulk.add(contenders.bulk(users));
                perUser.add(contenders.perUser(users));
                sameVerdicts(bulk.get(run), perUser.get(run), population);
                log(users + " users, run " + (run + 1) + ": bulk " + summary(bulk.get(run)) + "; per-user "
                        + summary(perUser.get(run)));
            }
            if (run < shells) {
                shell.add(contenders.shellCheck(users));
                log(users + " users, run " + (run + 1) + ": shell check " + summary(shell.get(run)));
            }
        }
        return new Results.Periodic(users, population.candidates(), population.findings(), bulk, perUser, shell);
    }

    /** A benchmark of a wrong answer is worthless: both paths must agree, and find exactly the seeded findings. */
    private static void sameVerdicts(Contenders.Run bulk, Contenders.Run perUser, Population population) {
        if (!bulk.verdicts().equals(perUser.verdicts())) {
            throw new IllegalStateException("the bulk path and the per-user path disagree");
        }
        Set<String> findings = population.findingIds();
        Set<String> found = bulk.nonCompliant();
        if (!found.equals(findings) || bulk.verdicts().size() != population.size()
                || bulk.candidates() != population.candidates()) {
            throw new IllegalStateException("the periodic run did not find exactly the seeded findings: "
                    + found.size() + " found, " + findings.size() + " seeded, " + bulk.candidates() + " candidates");
        }
    }

    private static Results.Memory memory(ChildJvm child, Path work, int users, int repeats, AwsStandIn standIn)
            throws IOException {
        JsonObject event = JsonParser.parseString(Events.json("scheduled.json")).getAsJsonObject();
        event.addProperty("accountId", EmulatedRule.OWN_ACCOUNT);
        event.addProperty("ruleParameters", "{\"setupWindowSeconds\":\"" + Population.WINDOW + "\"}");
        Path file = Files.writeString(work.resolve("scheduled.json"), event.toString(), StandardCharsets.UTF_8);
        List<Long> rss = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        for (int run = 0; run < repeats; run++) {
            // Config holding nothing, every user is written: the most a run holds in memory.
            standIn.config().clear();
            try {
                ChildJvm.Exit exit = child.run(Path.of(System.getProperty("java.home"), "bin", "java"),
                        List.of("-Xmx128m"), List.of(InvokeOnce.class.getName(), "--event", file.toString()),
                        "the periodic run with -Xmx128m", users + " evaluation(s) written");
                rss.add(ChildJvm.peakRssKilobytes(exit.result()));
                wall.add(exit.wallNanos() / 1e9);
                log("memory run " + (run + 1) + ": peak RSS " + rss.get(run) + " kB in " + wall.get(run) + " s");
            } catch (IllegalStateException failed) {
                String message = failed.getMessage();
                log("memory run " + (run + 1) + " failed: " + message);
                return new Results.Memory(users, "128m", rss, wall, message.substring(0, Math.min(600, message.length()))
                        .replace('\n', ' '));
            }
        }
        return new Results.Memory(users, "128m", rss, wall, "");
    }

    /** A change notification for the user, as Config sends it, in a file the child JVMs read. */
    private static Path changeEvent(Path work, String userName, String userId) throws IOException {
        JsonObject event = JsonParser.parseString(Events.json("change-user.json")).getAsJsonObject();
        JsonObject invoking = JsonParser.parseString(event.get("invokingEvent").getAsString()).getAsJsonObject();
        JsonObject item = invoking.getAsJsonObject("configurationItem");
        item.addProperty("resourceId", userId);
        item.addProperty("resourceName", userName);
        item.addProperty("awsAccountId", EmulatedRule.OWN_ACCOUNT);
        item.remove("configuration");
        event.addProperty("invokingEvent", invoking.toString());
        event.addProperty("accountId", EmulatedRule.OWN_ACCOUNT);
        event.addProperty("ruleParameters", "{\"setupWindowSeconds\":\"" + Population.WINDOW + "\"}");
        return Files.writeString(work.resolve("change.json"), event.toString(), StandardCharsets.UTF_8);
    }

    private static String summary(Contenders.Run run) {
        return String.format("%.2f s, %d IAM calls, %d PutEvaluations", run.wallNanos() / 1e9, run.iamCalls(),
                run.putEvaluations());
    }

    /** The value for the {@code index}-th size: lists may be shorter than the sizes; the last value then holds. */
    private static int perSize(List<Integer> values, int index) {
        return values.get(Math.min(index, values.size() - 1));
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    static void log(String message) {
        System.out.println("[bench " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
