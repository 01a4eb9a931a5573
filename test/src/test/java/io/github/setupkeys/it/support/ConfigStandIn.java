package io.github.setupkeys.it.support;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The AWS Config calls moto does not implement, answered on the wire (JSON 1.1 protocol) the way Config
 * answers them, with state a test can set and read: {@code PutEvaluations} (stored unless
 * {@code TestMode}; {@code FailedEvaluations} on request), {@code GetComplianceDetailsByConfigRule}
 * (as its API reference describes it: results of the compliance types asked for, with annotation, times and
 * result token; pages of {@code Limit}, 10 when it is absent or 0, at most 100), {@code GetResourceConfigHistory},
 * {@code StartConfigRulesEvaluation} (recorded with the account whose credentials called it; refused with
 * {@code LimitExceededException} while the test says an evaluation is running, there or everywhere) and
 * {@code DescribeConfigRules} (the rules a test gave the calling account, in pages of 25). Config of an account the
 * test gave rules knows only those: a start naming another rule there is refused with
 * {@code NoSuchConfigRuleException}.
 *
 * <p>What the API reference leaves open, the stand-in does not guess: a {@code GetComplianceDetailsByConfigRule}
 * without {@code ComplianceTypes} is refused, and whether writing a result equal to the held one moves its
 * {@code ResultRecordedTime} is the test's choice ({@link #keepRecordedTimeOfUnchangedResults}).
 */
public final class ConfigStandIn {

    static final String TARGET_PREFIX = "StarlingDoveService.";

    /** One evaluation as the rule sent it. */
    public record Evaluation(String resourceType, String resourceId, String complianceType, String annotation,
            Instant orderingTimestamp) {
    }

    /** One {@code PutEvaluations} call, and the access key that signed it (which account's credentials). */
    public record PutEvaluationsCall(List<Evaluation> evaluations, String resultToken, boolean testMode,
            String accessKeyId) {
    }

    /** A result as Config holds it: what was written last, when it was recorded and with which token. */
    public record Held(Evaluation evaluation, Instant recordedTime, String resultToken) {
    }

    /** A Config rule of an account, as {@code DescribeConfigRules} lists it. */
    public record Rule(String name, String arn, String owner, String sourceIdentifier) {
    }

    /** One {@code StartConfigRulesEvaluation} Config accepted: the calling credentials' account and the rules. */
    public record Start(String account, List<String> ruleNames) {
    }

    record Answer(int status, String body) {
    }

    /** The compliance types {@code GetComplianceDetailsByConfigRule} filters by (INSUFFICIENT_DATA cannot be). */
    private static final Set<String> FILTERABLE = Set.of("COMPLIANT", "NON_COMPLIANT", "NOT_APPLICABLE");

    static final int RULES_PAGE = 25;

    private static final Gson GSON = new Gson();

    private final List<PutEvaluationsCall> putCalls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Held> stored = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, JsonObject> configurationItems = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicInteger failingPutEvaluations = new AtomicInteger();
    private volatile int pageSize = 100;
    private volatile Clock clock = Clock.systemUTC();
    private volatile boolean keepRecordedTimeOfUnchangedResults;
    private final AtomicInteger complianceDetailsBeforeFailure = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger failingComplianceDetails = new AtomicInteger();
    private final List<String> complianceQueries = Collections.synchronizedList(new ArrayList<>());
    private final List<String> evaluationStarts = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean evaluationRunning;
    private final Map<String, List<Rule>> rules = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Start> starts = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> evaluatingAccounts = Collections.synchronizedSet(new java.util.HashSet<>());
    private final Map<String, String> refusedStarts = Collections.synchronizedMap(new LinkedHashMap<>());

    /** Every {@code PutEvaluations} call so far. */
    public List<PutEvaluationsCall> putEvaluationsCalls() {
        synchronized (putCalls) {
            return List.copyOf(putCalls);
        }
    }

    /** Every evaluation sent so far, in order. */
    public List<Evaluation> evaluations() {
        return putEvaluationsCalls().stream().flatMap(call -> call.evaluations().stream()).toList();
    }

    /** The latest stored result per resource id, as Config keeps them. */
    public Map<String, Evaluation> stored() {
        synchronized (stored) {
            Map<String, Evaluation> evaluations = new LinkedHashMap<>();
            stored.forEach((id, held) -> evaluations.put(id, held.evaluation()));
            return Map.copyOf(evaluations);
        }
    }

    /** The stored results with the time each was recorded. */
    public Map<String, Held> held() {
        synchronized (stored) {
            return Map.copyOf(stored);
        }
    }

    /** Forgets every result Config holds, as deleting the rule's evaluation results does. */
    public void deleteEvaluationResults() {
        stored.clear();
    }

    /** Pretends Config holds this earlier result of the rule, recorded at the epoch. */
    public void storeEarlierResult(String resourceId, String complianceType) {
        stored.put(resourceId, new Held(new Evaluation("AWS::IAM::User", resourceId, complianceType, "earlier",
                Instant.EPOCH), Instant.EPOCH, "earlier-token"));
    }

    /** The clock {@code ResultRecordedTime} is read from (the system's by default). */
    public void clock(Clock recordingClock) {
        this.clock = recordingClock;
    }

    /**
     * With {@code true}, a result written equal to the held one (same compliance type and annotation) keeps the
     * held {@code ResultRecordedTime}, and only its ordering timestamp moves: one of the two readings the API
     * reference allows. With {@code false} (the default) every write records anew.
     */
    public void keepRecordedTimeOfUnchangedResults(boolean keep) {
        this.keepRecordedTimeOfUnchangedResults = keep;
    }

    /**
     * After {@code succeeding} more {@code GetComplianceDetailsByConfigRule} calls, the next {@code times} are refused
     * with {@code AccessDeniedException} (which the SDK does not retry).
     */
    public void failComplianceDetails(int succeeding, int times) {
        complianceDetailsBeforeFailure.set(succeeding);
        failingComplianceDetails.set(times);
    }

    /** The next {@code times} PutEvaluations calls report every evaluation as failed. */
    public void failPutEvaluations(int times) {
        failingPutEvaluations.set(times);
    }

    /** Answers {@code GetComplianceDetailsByConfigRule} in pages of {@code size}. */
    public void pageSize(int size) {
        this.pageSize = size;
    }

    /** The rule names {@code GetComplianceDetailsByConfigRule} was asked about. */
    public List<String> complianceQueries() {
        synchronized (complianceQueries) {
            return List.copyOf(complianceQueries);
        }
    }

    /**
     * The request body of every {@code StartConfigRulesEvaluation} call Config accepted, in order; what a test
     * answers by invoking the rule, as Config would.
     */
    public List<String> evaluationStarts() {
        synchronized (evaluationStarts) {
            return List.copyOf(evaluationStarts);
        }
    }

    /** While {@code running}, {@code StartConfigRulesEvaluation} is refused as Config refuses it then. */
    public void evaluationRunning(boolean running) {
        this.evaluationRunning = running;
    }

    /** Every {@code StartConfigRulesEvaluation} Config accepted, with the account that called it, in order. */
    public List<Start> starts() {
        synchronized (starts) {
            return List.copyOf(starts);
        }
    }

    /** {@code account} holds {@code rule} from now on. */
    public void rule(String account, Rule rule) {
        rules.computeIfAbsent(account, any -> Collections.synchronizedList(new ArrayList<>())).add(rule);
    }

    /** {@code account} holds no rule of that name any more. */
    public void deleteRule(String account, String name) {
        rules.getOrDefault(account, List.of()).removeIf(rule -> rule.name().equals(name));
    }

    /** While {@code running}, {@code StartConfigRulesEvaluation} called by {@code account} is refused as running. */
    public void evaluationRunning(String account, boolean running) {
        if (running) {
            evaluatingAccounts.add(account);
        } else {
            evaluatingAccounts.remove(account);
        }
    }

    /** {@code StartConfigRulesEvaluation} called by {@code account} fails with {@code errorCode} (HTTP 400). */
    public void refuseStarts(String account, String errorCode) {
        refusedStarts.put(account, errorCode);
    }

    /** Makes {@code GetResourceConfigHistory} answer with this item (lower-camel-case fields, as the API). */
    public void configurationItem(String resourceId, JsonObject item) {
        configurationItems.put(resourceId, item);
    }

    public void clear() {
        putCalls.clear();
        stored.clear();
        configurationItems.clear();
        complianceQueries.clear();
        evaluationStarts.clear();
        evaluationRunning = false;
        rules.clear();
        starts.clear();
        evaluatingAccounts.clear();
        refusedStarts.clear();
        failingPutEvaluations.set(0);
        pageSize = 100;
        clock = Clock.systemUTC();
        keepRecordedTimeOfUnchangedResults = false;
        complianceDetailsBeforeFailure.set(Integer.MAX_VALUE);
        failingComplianceDetails.set(0);
    }

    /** @param account the account of {@code accessKeyId}, asked only by the calls that depend on it */
    Answer answer(String action, String body, String accessKeyId, Supplier<String> account) {
        JsonObject request = JsonParser.parseString(body.isEmpty() ? "{}" : body).getAsJsonObject();
        return switch (action) {
            case "PutEvaluations" -> putEvaluations(request, accessKeyId);
            case "GetComplianceDetailsByConfigRule" -> complianceDetails(request);
            case "GetResourceConfigHistory" -> history(request);
            case "StartConfigRulesEvaluation" -> startEvaluation(body, request, account.get());
            case "DescribeConfigRules" -> describeRules(request, account.get());
            default -> new Answer(400, "{\"__type\":\"UnknownOperationException\",\"message\":\"stand-in has no "
                    + action + "\"}");
        };
    }

    private Answer putEvaluations(JsonObject request, String accessKeyId) {
        List<Evaluation> evaluations = new ArrayList<>();
        JsonArray sent = request.has("Evaluations") ? request.getAsJsonArray("Evaluations") : new JsonArray();
        for (JsonElement element : sent) {
            JsonObject e = element.getAsJsonObject();
            evaluations.add(new Evaluation(e.get("ComplianceResourceType").getAsString(),
                    e.get("ComplianceResourceId").getAsString(), e.get("ComplianceType").getAsString(),
                    e.has("Annotation") ? e.get("Annotation").getAsString() : null,
                    epoch(e.get("OrderingTimestamp"))));
        }
        if (evaluations.size() > 100) {
            return new Answer(400, "{\"__type\":\"InvalidParameterValueException\",\"message\":\"at most 100 evaluations\"}");
        }
        if (!request.has("ResultToken")) {
            return new Answer(400, "{\"__type\":\"InvalidResultTokenException\",\"message\":\"no result token\"}");
        }
        boolean testMode = request.has("TestMode") && request.get("TestMode").getAsBoolean();
        putCalls.add(new PutEvaluationsCall(evaluations, request.get("ResultToken").getAsString(), testMode,
                accessKeyId));
        JsonObject response = new JsonObject();
        JsonArray failed = new JsonArray();
        if (failingPutEvaluations.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            evaluations.forEach(e -> failed.add(GSON.toJsonTree(Map.of("ComplianceResourceType", e.resourceType(),
                    "ComplianceResourceId", e.resourceId(), "ComplianceType", e.complianceType()))));
        } else if (!testMode) {
            Instant now = clock.instant();
            String token = request.get("ResultToken").getAsString();
            synchronized (stored) {
                evaluations.forEach(e -> stored.merge(e.resourceId(), new Held(e, now, token), (before, after) ->
                        keepRecordedTimeOfUnchangedResults && sameResult(before.evaluation(), e)
                                ? new Held(e, before.recordedTime(), token) : after));
            }
        }
        response.add("FailedEvaluations", failed);
        return new Answer(200, response.toString());
    }

    private Answer complianceDetails(JsonObject request) {
        String rule = request.get("ConfigRuleName").getAsString();
        complianceQueries.add(rule);
        if (complianceDetailsBeforeFailure.getAndUpdate(n -> n == Integer.MAX_VALUE ? n : n - 1) <= 0
                && failingComplianceDetails.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return error("AccessDeniedException", "User: arn:aws:sts::123456789012:assumed-role/rule/alice is not "
                    + "authorized to perform: config:GetComplianceDetailsByConfigRule");
        }
        if (!request.has("ComplianceTypes")) {
            return error("StandInCannotAnswer", "the API reference does not say what Config returns without "
                    + "ComplianceTypes; the stand-in does not guess");
        }
        List<String> types = request.getAsJsonArray("ComplianceTypes").asList().stream().map(JsonElement::getAsString)
                .toList();
        if (types.size() > 3) {
            return error("ValidationException", "ComplianceTypes: at most 3 items");
        }
        if (types.contains("INSUFFICIENT_DATA")) {
            return error("InvalidParameterValueException",
                    "INSUFFICIENT_DATA cannot be used as a ComplianceType for filtering results");
        }
        if (!FILTERABLE.containsAll(types)) {
            return error("ValidationException", "ComplianceTypes: each of COMPLIANT, NON_COMPLIANT, NOT_APPLICABLE");
        }
        int limit = request.has("Limit") ? request.get("Limit").getAsInt() : 0;
        if (limit < 0 || limit > 100) {
            return error("InvalidParameterValueException", "Limit must be from 0 to 100");
        }
        limit = Math.min(pageSize, limit == 0 ? 10 : limit);
        List<Held> matching;
        synchronized (stored) {
            matching = stored.values().stream().filter(held -> types.contains(held.evaluation().complianceType()))
                    .sorted(Comparator.comparing(held -> held.evaluation().resourceId())).toList();
        }
        int from;
        try {
            from = request.has("NextToken") ? Integer.parseInt(request.get("NextToken").getAsString()) : 0;
        } catch (NumberFormatException e) {
            from = -1;
        }
        if (from < 0 || from > matching.size()) {
            return error("InvalidNextTokenException", "The specified next token is invalid.");
        }
        JsonArray results = new JsonArray();
        for (Held held : matching.subList(from, Math.min(matching.size(), from + limit))) {
            results.add(result(rule, held));
        }
        JsonObject response = new JsonObject();
        response.add("EvaluationResults", results);
        if (from + limit < matching.size()) {
            response.addProperty("NextToken", Integer.toString(from + limit));
        }
        return new Answer(200, response.toString());
    }

    /** An {@code EvaluationResult} as the API reference shapes it; times in epoch seconds, as on the wire. */
    private static JsonObject result(String rule, Held held) {
        Evaluation e = held.evaluation();
        JsonObject qualifier = new JsonObject();
        qualifier.addProperty("ConfigRuleName", rule);
        qualifier.addProperty("ResourceType", e.resourceType());
        qualifier.addProperty("ResourceId", e.resourceId());
        qualifier.addProperty("EvaluationMode", "DETECTIVE");
        JsonObject identifier = new JsonObject();
        identifier.add("EvaluationResultQualifier", qualifier);
        identifier.addProperty("OrderingTimestamp", seconds(e.orderingTimestamp()));
        JsonObject result = new JsonObject();
        result.add("EvaluationResultIdentifier", identifier);
        result.addProperty("ComplianceType", e.complianceType());
        result.addProperty("ResultRecordedTime", seconds(held.recordedTime()));
        // When the rule's function ran is not known here; the nearest the stand-in can say is when it recorded.
        result.addProperty("ConfigRuleInvokedTime", seconds(held.recordedTime()));
        if (e.annotation() != null) {
            result.addProperty("Annotation", e.annotation());
        }
        result.addProperty("ResultToken", held.resultToken());
        return result;
    }

    private static boolean sameResult(Evaluation before, Evaluation after) {
        return before.complianceType().equals(after.complianceType())
                && Objects.equals(before.annotation(), after.annotation());
    }

    private static BigDecimal seconds(Instant time) {
        return BigDecimal.valueOf(time.getEpochSecond()).add(BigDecimal.valueOf(time.getNano(), 9));
    }

    private static Answer error(String type, String message) {
        JsonObject body = new JsonObject();
        body.addProperty("__type", type);
        body.addProperty("message", message);
        return new Answer(400, body.toString());
    }

    private Answer startEvaluation(String body, JsonObject request, String account) {
        if (evaluationRunning || evaluatingAccounts.contains(account)) {
            return new Answer(400, "{\"__type\":\"LimitExceededException\",\"message\":\"An evaluation is already "
                    + "in progress for the rule.\"}");
        }
        String refusal = refusedStarts.get(account);
        if (refusal != null) {
            return new Answer(400, "{\"__type\":\"" + refusal + "\",\"message\":\"refused in account " + account
                    + "\"}");
        }
        List<String> names = request.getAsJsonArray("ConfigRuleNames").asList().stream().map(JsonElement::getAsString)
                .toList();
        List<Rule> known = rules.get(account);
        if (known != null && !names.stream().allMatch(name -> known.stream().anyMatch(rule -> rule.name().equals(name)))) {
            return new Answer(400, "{\"__type\":\"NoSuchConfigRuleException\",\"message\":\"The ConfigRule '"
                    + names + "' provided in the request is invalid.\"}");
        }
        evaluationStarts.add(body);
        starts.add(new Start(account, names));
        return new Answer(200, "{}");
    }

    private Answer describeRules(JsonObject request, String account) {
        List<Rule> known;
        synchronized (rules) {
            known = List.copyOf(rules.getOrDefault(account, List.of()));
        }
        int from = request.has("NextToken") ? Integer.parseInt(request.get("NextToken").getAsString()) : 0;
        int to = Math.min(known.size(), from + RULES_PAGE);
        JsonArray listed = new JsonArray();
        for (Rule rule : known.subList(from, to)) {
            JsonObject source = new JsonObject();
            source.addProperty("Owner", rule.owner());
            source.addProperty("SourceIdentifier", rule.sourceIdentifier());
            JsonObject entry = new JsonObject();
            entry.addProperty("ConfigRuleName", rule.name());
            entry.addProperty("ConfigRuleArn", rule.arn());
            entry.add("Source", source);
            entry.addProperty("ConfigRuleState", "ACTIVE");
            listed.add(entry);
        }
        JsonObject response = new JsonObject();
        response.add("ConfigRules", listed);
        if (to < known.size()) {
            response.addProperty("NextToken", Integer.toString(to));
        }
        return new Answer(200, response.toString());
    }

    private Answer history(JsonObject request) {
        JsonObject item = configurationItems.get(request.get("resourceId").getAsString());
        if (item == null) {
            return new Answer(400, "{\"__type\":\"ResourceNotDiscoveredException\",\"message\":\"not discovered\"}");
        }
        JsonArray items = new JsonArray();
        items.add(item);
        JsonObject response = new JsonObject();
        response.add("configurationItems", items);
        return new Answer(200, response.toString());
    }

    private static Instant epoch(JsonElement value) {
        BigDecimal seconds = value.getAsBigDecimal();
        return Instant.ofEpochSecond(seconds.longValue(), seconds.remainder(BigDecimal.ONE).movePointRight(9).longValue());
    }
}
