package io.github.setupkeys.bench;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.ConfigStandIn;
import io.github.setupkeys.it.support.GuidanceShellCheck;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.EmulatedRule;
import io.github.setupkeys.rule.aws.AwsClients;
import io.github.setupkeys.rule.aws.ConfigClientApi;
import io.github.setupkeys.rule.aws.IamClientFacts;
import io.github.setupkeys.rule.aws.ReportWait;
import io.github.setupkeys.rule.config.ConfigEvaluation;
import io.github.setupkeys.rule.config.EvaluationWriter;
import io.github.setupkeys.rule.config.Events;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.RecordingParameters;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.rule.domain.Verdict;
import io.github.setupkeys.rule.evaluation.CallsInFlight;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.Pause;
import io.github.setupkeys.rule.evaluation.UserEvaluator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.regions.Region;

/**
 * The three ways of evaluating every user that the periodic benchmark compares, each against the stand-in in
 * front of moto, which counts their calls at the wire.
 */
final class Contenders {

    static final String BULK = "periodic run (bulk path)";
    static final String PER_USER = "per-user evaluation";
    static final String SHELL_CHECK = "guidance's shell check";

    /** The calls that confirm a candidate live, and the ones that write evaluations. */
    static final Set<String> CONFIRMING = Set.of("iam:GetLoginProfile", "iam:ListAccessKeys",
            "iam:GetAccessKeyLastUsed", "iam:ListUserTags");
    static final Set<String> WRITING = Set.of("config:PutEvaluations");

    /**
     * What the stand-in saw of one run: the most IAM and Config calls in flight at once, connections opened, how long
     * the candidates' confirmation and the writing took at the wire (first call to last answer), and the time calls
     * spent there by name (summed over calls, so with calls in flight more than the wall time).
     */
    record Wire(int mostIamInFlight, int mostConfigInFlight, int connections, long confirmingMillis,
            long writingMillis, Map<String, Long> millisByCall) {

        static Wire of(AwsStandIn standIn) {
            return new Wire(standIn.calls().mostInFlight("iam"), standIn.calls().mostInFlight("config"),
                    standIn.calls().connections(), standIn.calls().spanMillis(CONFIRMING),
                    standIn.calls().spanMillis(WRITING), standIn.calls().millis());
        }
    }

    /** One run of one contender over all users. */
    record Run(String contender, int users, long wallNanos, Map<String, Integer> calls, int candidates,
            Map<String, String> verdicts, Wire wire) {

        int iamCalls() {
            return calls.entrySet().stream().filter(call -> call.getKey().startsWith("iam:"))
                    .mapToInt(Map.Entry::getValue).sum();
        }

        int putEvaluations() {
            return calls.getOrDefault("config:PutEvaluations", 0);
        }

        /** The users written NON_COMPLIANT, by id. */
        Set<String> nonCompliant() {
            return verdicts.entrySet().stream().filter(verdict -> verdict.getValue().equals("NON_COMPLIANT"))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
        }
    }

    private final AwsStandIn standIn;
    private final ConfigEvent scheduled;

    Contenders(AwsStandIn standIn) {
        this(standIn, false);
    }

    /**
     * @param recordUnchanged the periodic run's {@code recordUnchanged} parameter: with {@code true} it records every
     *     verdict whatever Config holds
     */
    Contenders(AwsStandIn standIn, boolean recordUnchanged) {
        this.standIn = standIn;
        this.scheduled = Events.load("scheduled.json");
        scheduled.setAccountId(EmulatedRule.OWN_ACCOUNT);
        scheduled.setRuleParameters("{\"setupWindowSeconds\":\"" + Population.WINDOW + "\""
                + (recordUnchanged ? ",\"" + RecordingParameters.RECORD_UNCHANGED + "\":\"true\"" : "") + "}");
    }

    /**
     * The Config rule's periodic run: the handler with a ScheduledNotification, fresh clients as in a new container.
     * Config holds nothing before it, as before a rule's first run, so every user is recorded (RecordingDays measures
     * what later runs record).
     */
    Run bulk(int users) {
        standIn.config().clear();
        return bulk(BULK, users, CallsInFlight.DEFAULTS);
    }

    /**
     * The periodic run over whatever Config holds, with {@code inFlight} calls at a time, named {@code contender} in
     * the results.
     */
    Run bulk(String contender, int users, CallsInFlight inFlight) {
        standIn.calls().clear();
        int before = standIn.config().putEvaluationsCalls().size();
        FakeContext context = new FakeContext(EmulatedRule.FUNCTION_ARN, 900_000);
        long started = System.nanoTime();
        try (EmulatedRule.Running rule = EmulatedRule.against(standIn.endpoint(), ReportWait.DEFAULT, inFlight)) {
            rule.handler().handleRequest(scheduled, context);
        }
        long wall = System.nanoTime() - started;
        Map<String, String> verdicts = new TreeMap<>();
        List<ConfigStandIn.PutEvaluationsCall> puts = standIn.config().putEvaluationsCalls();
        puts.subList(before, puts.size()).forEach(put -> put.evaluations()
                .forEach(evaluation -> verdicts.put(evaluation.resourceId(), evaluation.complianceType())));
        JsonObject log = JsonParser.parseString(context.logLines().get(context.logLines().size() - 1)).getAsJsonObject();
        return new Run(contender, users, wall, standIn.calls().snapshot(), log.get("candidates").getAsInt(), verdicts,
                Wire.of(standIn));
    }

    /**
     * Every user through the live single-user path (what a change notification does for one user), then one
     * {@code PutEvaluations} per 100: the cost the bulk path avoids.
     */
    Run perUser(int users) {
        standIn.calls().clear();
        RuleParameters parameters = RuleParameters.fromMap(Map.of("setupWindowSeconds", Population.WINDOW));
        Instant ordering = Instant.parse("2026-11-29T00:00:00Z");
        Map<String, String> verdicts = new TreeMap<>();
        long started = System.nanoTime();
        try (AwsClients clients = new AwsClients(Region.US_EAST_1, Optional.of(standIn.endpoint()))) {
            IamClientFacts iam = new IamClientFacts(clients.iam(IamSeeder.TEST_CREDENTIALS));
            UserEvaluator evaluator = new UserEvaluator(iam);
            List<ConfigEvaluation> evaluations = new ArrayList<>();
            for (IamUser user : iam.listUsers()) {
                Verdict verdict = evaluator.evaluate(user, parameters);
                evaluations.add(new ConfigEvaluation(RuleMetadata.RESOURCE_TYPE, user.userId().orElseThrow(),
                        verdict.complianceType(), verdict.annotation(), ordering));
            }
            new EvaluationWriter(new ConfigClientApi(clients.config(IamSeeder.TEST_CREDENTIALS)), Pause.SLEEP,
                    CallsInFlight.DEFAULTS)
                    .write(evaluations, scheduled.getResultToken(), false, Deadline.NONE);
            evaluations.forEach(evaluation -> verdicts.put(evaluation.resourceId(), evaluation.complianceType().name()));
        }
        return new Run(PER_USER, users, System.nanoTime() - started, standIn.calls().snapshot(), 0, verdicts,
                Wire.of(standIn));
    }

    /** The guidance's shell check: one {@code aws} process to list users, then one per signed-in user. */
    Run shellCheck(int users) {
        standIn.calls().clear();
        long started = System.nanoTime();
        List<String> flagged = GuidanceShellCheck.run(standIn.endpoint());
        long wall = System.nanoTime() - started;
        Map<String, String> verdicts = new TreeMap<>();
        flagged.forEach(name -> verdicts.put(name, "FLAGGED"));
        return new Run(SHELL_CHECK, users, wall, standIn.calls().snapshot(), 0, verdicts, Wire.of(standIn));
    }
}
