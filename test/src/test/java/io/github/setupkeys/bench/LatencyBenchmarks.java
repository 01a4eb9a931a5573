package io.github.setupkeys.bench;

import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The periodic run at a real endpoint's distance: the stand-in delays every IAM and Config answer by a fixed time
 * (moto answers in a few milliseconds; AWS in tens), and the run with {@link CallsInFlight#DEFAULTS} is timed
 * against the same run with one call at a time, the same calls one after another. The rows, at 5,000 users:
 *
 * <ul>
 *   <li>125 candidates, the usual periodic run (the {@link Population}'s blocks), at moto's own speed and with the
 *       delay, so the gain at both distances can be compared;</li>
 *   <li>2,000 fresh candidates: 3,000 users of the blocks, the credential report kept, then an onboarding batch of
 *       2,000 new hires (console password and unused access key each), all of them missing from the report;</li>
 *   <li>no credential report in time: IAM never completes it, so after the two-minute wait every user is confirmed
 *       live.</li>
 * </ul>
 *
 * <p>Every run records every verdict ({@code recordUnchanged}), whatever Config holds: the most writing a periodic
 * run can do, and the same calls one call at a time as in flight. Every measured run is preceded by one unmeasured
 * run, so Config holds the results every measured run reads back; the modes take turns. Every run must reach
 * exactly the population's verdicts.
 */
final class LatencyBenchmarks {

    static final String ONE_AT_A_TIME = "one call at a time";
    static final String CONCURRENT = CallsInFlight.DEFAULT + " calls in flight";

    private final Duration delay;
    private final int repeats;
    private final List<Integer> oneAtATimeRepeats;
    private final int fallbackRepeats;

    /**
     * @param oneAtATimeRepeats runs one call at a time of the 125-candidate row, then of the fresh row (the second
     *     takes several minutes each)
     */
    LatencyBenchmarks(Duration delay, int repeats, List<Integer> oneAtATimeRepeats, int fallbackRepeats) {
        this.delay = delay;
        this.repeats = repeats;
        this.oneAtATimeRepeats = List.copyOf(oneAtATimeRepeats);
        this.fallbackRepeats = fallbackRepeats;
    }

    /** The 125-candidate row and the fallback, on a population of 5,000 users in blocks (seeded already). */
    List<Results.LatencyRow> onBlocks(Population population, AwsStandIn standIn) {
        Contenders contenders = new Contenders(standIn, true);
        List<Results.LatencyRow> rows = new ArrayList<>();
        standIn.config().clear(); // nothing the emulator part left in Config: each row's first run fills it
        try {
            String candidates = String.format(Locale.ROOT, "%,d candidates", population.candidates());
            rows.add(row(candidates, Duration.ZERO, population, contenders, oneAtATimeRepeats.get(0)));
            standIn.answerDelay(delay);
            rows.add(row(candidates, delay, population, contenders, oneAtATimeRepeats.get(0)));
            if (fallbackRepeats > 0) {
                rows.add(fallback(population, standIn, contenders));
            }
        } finally {
            standIn.clear(); // the delay, the report that never completes, the Config results: nothing outlives it
        }
        return rows;
    }

    /** The fresh-candidate row, in a moto of its own: {@code oldUsers} in blocks, then {@code fresh} new hires. */
    Results.LatencyRow freshCandidates(int oldUsers, int fresh) throws InterruptedException {
        try (MotoServer moto = MotoServer.start(); AwsStandIn standIn = AwsStandIn.inFrontOf(moto)) {
            Population population = new Population(moto, standIn);
            Benchmarks.log("seeding " + oldUsers + " users, then an onboarding batch of " + fresh);
            population.growTo(oldUsers);
            population.keepTheCurrentCredentialReport();
            population.onboard(fresh);
            standIn.answerDelay(delay);
            return row(String.format(Locale.ROOT, "%,d fresh candidates", fresh), delay, population,
                    new Contenders(standIn, true),
                    oneAtATimeRepeats.get(Math.min(1, oneAtATimeRepeats.size() - 1)));
        }
    }

    private Results.LatencyRow row(String label, Duration rowDelay, Population population, Contenders contenders,
            int sequentialRuns) {
        String name = label + (rowDelay.isZero() ? ", no added delay" : ", " + rowDelay.toMillis() + " ms a call");
        Benchmarks.log(name + ": warm-up run");
        expectVerdicts(contenders.bulk(CONCURRENT, population.size(), CallsInFlight.DEFAULTS), population, false);
        List<Contenders.Run> concurrent = new ArrayList<>();
        List<Contenders.Run> oneAtATime = new ArrayList<>();
        for (int run = 0; run < Math.max(repeats, sequentialRuns); run++) {
            if (run < repeats) {
                concurrent.add(expectVerdicts(contenders.bulk(CONCURRENT, population.size(), CallsInFlight.DEFAULTS),
                        population, false));
                Benchmarks.log(name + ", run " + (run + 1) + ": " + summary(concurrent.get(run)));
            }
            if (run < sequentialRuns) {
                oneAtATime.add(expectVerdicts(contenders.bulk(ONE_AT_A_TIME, population.size(),
                        CallsInFlight.ONE_AT_A_TIME), population, false));
                Benchmarks.log(name + ", run " + (run + 1) + ": " + summary(oneAtATime.get(run)));
            }
        }
        return new Results.LatencyRow(label, rowDelay.toMillis(), population.size(), population.candidates(), concurrent,
                oneAtATime);
    }

    private Results.LatencyRow fallback(Population population, AwsStandIn standIn, Contenders contenders) {
        String name = "no credential report in time";
        List<Contenders.Run> runs = new ArrayList<>();
        standIn.credentialReportNeverReady();
        for (int run = 0; run < fallbackRepeats; run++) {
            runs.add(expectVerdicts(contenders.bulk(CONCURRENT, population.size(), CallsInFlight.DEFAULTS), population,
                    true));
            Benchmarks.log(name + ", run " + (run + 1) + ": " + summary(runs.get(run)));
        }
        return new Results.LatencyRow(name, delay.toMillis(), population.size(), population.size(), runs, List.of());
    }

    /** A benchmark of a wrong answer is worthless: exactly the seeded findings, every user once. */
    private static Contenders.Run expectVerdicts(Contenders.Run run, Population population, boolean everyUserLive) {
        Set<String> findings = population.findingIds();
        Set<String> found = run.nonCompliant();
        int candidates = everyUserLive ? population.size() : population.candidates();
        if (!found.equals(findings) || run.verdicts().size() != population.size() || run.candidates() != candidates) {
            throw new IllegalStateException("the periodic run at " + run.contender() + " did not find exactly the "
                    + "seeded findings: " + found.size() + " found, " + findings.size() + " seeded, "
                    + run.candidates() + " candidates of " + candidates + " expected");
        }
        return run;
    }

    private static String summary(Contenders.Run run) {
        return String.format(Locale.ROOT, "%s: %.2f s (confirming %.2f s, writing %.2f s), %d IAM calls, at most %d "
                        + "IAM and %d Config calls in flight, %d connections; ms at the stand-in %s", run.contender(),
                run.wallNanos() / 1e9, run.wire().confirmingMillis() / 1e3, run.wire().writingMillis() / 1e3,
                run.iamCalls(), run.wire().mostIamInFlight(), run.wire().mostConfigInFlight(),
                run.wire().connections(), run.wire().millisByCall());
    }
}
