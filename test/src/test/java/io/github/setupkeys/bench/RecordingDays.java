package io.github.setupkeys.bench;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoServer;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.EmulatedRule;
import io.github.setupkeys.rule.aws.ReportWait;
import io.github.setupkeys.rule.config.Events;
import io.github.setupkeys.rule.config.SettableClock;
import io.github.setupkeys.rule.domain.RecordingParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Config records, run after run: periodic runs on successive days over the same users, Config (the stand-in)
 * keeping what each records, as it does (design.md §2.12). The first run finds Config holding nothing; on
 * {@value #CHANGE_DAY} days later {@value #CHANGED} users have lost their console password. Days pass on the rule's
 * clock and on the stand-in's, which records a result {@code 3 s} after its run starts; the first run is at the start
 * of a refresh period, so the share each day re-asserts does not depend on the day the benchmark runs.
 */
final class RecordingDays {

    static final int DAYS = 2 * RecordingParameters.DEFAULT_REFRESH_DAYS + 1;
    static final int CHANGE_DAY = 2;
    static final int CHANGED = 50;

    /** One day's periodic run: what its log line says, and the calls it made at the wire. */
    record Day(int day, int changedBefore, int computed, int recorded, int changed, int refreshed,
            int skippedUnchanged, int heldResults, Map<String, Integer> calls, long wallNanos) {

        int iamCalls() {
            return calls.entrySet().stream().filter(call -> call.getKey().startsWith("iam:"))
                    .mapToInt(Map.Entry::getValue).sum();
        }

        int configReads() {
            return calls.getOrDefault("config:GetComplianceDetailsByConfigRule", 0);
        }

        int putEvaluations() {
            return calls.getOrDefault("config:PutEvaluations", 0);
        }
    }

    private final MotoServer moto;
    private final AwsStandIn standIn;
    private final Population population;

    RecordingDays(MotoServer moto, AwsStandIn standIn, Population population) {
        this.moto = moto;
        this.standIn = standIn;
        this.population = population;
    }

    /**
     * Runs the days; stops unless, after every run, Config holds for every user the verdict {@code verdicts} gives
     * it (with the changed users {@code NOT_APPLICABLE} from their day on).
     */
    List<Day> run(Map<String, String> verdicts) {
        standIn.config().clear();
        long period = Duration.ofDays(RecordingParameters.DEFAULT_REFRESH_DAYS).toMillis();
        Instant first = Instant.ofEpochMilli((Instant.now().toEpochMilli() / period + 1) * period);
        SettableClock clock = new SettableClock(first);
        standIn.config().clock(clock.later(Duration.ofSeconds(3)));
        Map<String, String> expected = new TreeMap<>(verdicts);
        List<Day> days = new ArrayList<>();
        try (EmulatedRule.Running rule = EmulatedRule.against(standIn.endpoint(), ReportWait.DEFAULT, clock)) {
            for (int day = 0; day < DAYS; day++) {
                int changedBefore = 0;
                if (day == CHANGE_DAY) {
                    changedBefore = removeConsolePasswords(expected);
                }
                Instant scheduled = first.plus(Duration.ofDays(day));
                clock.set(scheduled);
                days.add(runOn(rule, day, changedBefore, scheduled));
                Map<String, String> held = new TreeMap<>();
                standIn.config().stored().forEach((id, evaluation) -> held.put(id, evaluation.complianceType()));
                if (!held.equals(expected)) {
                    throw new IllegalStateException("on day " + day + " Config does not hold every user's verdict");
                }
                Benchmarks.log(population.size() + " users, day " + day + ": " + summary(days.get(day)));
            }
        }
        return days;
    }

    private Day runOn(EmulatedRule.Running rule, int day, int changedBefore, Instant scheduled) {
        ConfigEvent event = Events.withInvokingEvent("scheduled.json",
                invoking -> invoking.addProperty("notificationCreationTime", scheduled.toString()));
        event.setAccountId(EmulatedRule.OWN_ACCOUNT);
        event.setRuleParameters("{\"setupWindowSeconds\":\"" + Population.WINDOW + "\"}");
        FakeContext context = new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000);
        standIn.calls().clear();
        long started = System.nanoTime();
        rule.handler().handleRequest(event, context);
        long wall = System.nanoTime() - started;
        JsonObject log = JsonParser.parseString(context.logLines().get(context.logLines().size() - 1)).getAsJsonObject();
        return new Day(day, changedBefore, log.get("computed").getAsInt(), log.get("recorded").getAsInt(),
                log.get("changed").getAsInt(), log.get("refreshed").getAsInt(), log.get("skippedUnchanged").getAsInt(),
                log.get("heldResults").getAsInt(), standIn.calls().snapshot(), wall);
    }

    /** The first {@value #CHANGED} console users of the first block lose their password: COMPLIANT becomes N/A. */
    private int removeConsolePasswords(Map<String, String> expected) {
        try (IamSeeder seed = new IamSeeder(moto)) {
            for (int i = 0; i < CHANGED; i++) {
                String name = Population.name("console", 0, i);
                seed.iam().deleteLoginProfile(request -> request.userName(name));
                expected.put(population.userId(name), "NOT_APPLICABLE");
            }
        }
        return CHANGED;
    }

    static String summary(Day day) {
        return String.format("%d recorded (%d changed, %d refreshed, %d unchanged skipped), %d IAM calls, %d "
                + "GetComplianceDetailsByConfigRule, %d PutEvaluations, %.2f s", day.recorded(), day.changed(),
                day.refreshed(), day.skippedUnchanged(), day.iamCalls(), day.configReads(), day.putEvaluations(),
                day.wallNanos() / 1e9);
    }
}
