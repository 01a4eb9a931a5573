package io.github.setupkeys.it.support;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The AWS Config calls moto does not implement, answered on the wire (JSON 1.1 protocol) the way Config
 * answers them, with state a test can set and read: {@code PutEvaluations} (stored unless
 * {@code TestMode}; {@code FailedEvaluations} on request), {@code GetComplianceDetailsByConfigRule}
 * (paginated), {@code GetResourceConfigHistory}, {@code StartConfigRulesEvaluation} (recorded with the account
 * whose credentials called it; refused with {@code LimitExceededException} while the test says an evaluation is
 * running, there or everywhere) and {@code DescribeConfigRules} (the rules a test gave the calling account, in pages of
 * 25). Config of an account the test gave rules knows only those: a start naming another rule there is refused with
 * {@code NoSuchConfigRuleException}.
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

    /** A Config rule of an account, as {@code DescribeConfigRules} lists it. */
    public record Rule(String name, String arn, String owner, String sourceIdentifier) {
    }

    /** One {@code StartConfigRulesEvaluation} Config accepted: the calling credentials' account and the rules. */
    public record Start(String account, List<String> ruleNames) {
    }

    record Answer(int status, String body) {
    }

    static final int RULES_PAGE = 25;

    private static final Gson GSON = new Gson();

    private final List<PutEvaluationsCall> putCalls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Evaluation> stored = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, JsonObject> configurationItems = Collections.synchronizedMap(new LinkedHashMap<>());
    private final AtomicInteger failingPutEvaluations = new AtomicInteger();
    private volatile int pageSize = 100;
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
            return Map.copyOf(stored);
        }
    }

    /** Pretends Config holds this earlier result of the rule. */
    public void storeEarlierResult(String resourceId, String complianceType) {
        stored.put(resourceId, new Evaluation("AWS::IAM::User", resourceId, complianceType, "earlier", Instant.EPOCH));
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
            evaluations.forEach(e -> stored.put(e.resourceId(), e));
        }
        response.add("FailedEvaluations", failed);
        return new Answer(200, response.toString());
    }

    private Answer complianceDetails(JsonObject request) {
        complianceQueries.add(request.get("ConfigRuleName").getAsString());
        Set<String> types = request.has("ComplianceTypes")
                ? request.getAsJsonArray("ComplianceTypes").asList().stream().map(JsonElement::getAsString)
                        .collect(Collectors.toSet())
                : Set.of("COMPLIANT", "NON_COMPLIANT");
        List<Evaluation> matching = stored().values().stream().filter(e -> types.contains(e.complianceType()))
                .sorted(java.util.Comparator.comparing(Evaluation::resourceId)).toList();
        int from = request.has("NextToken") ? Integer.parseInt(request.get("NextToken").getAsString()) : 0;
        int limit = Math.min(pageSize, request.has("Limit") && request.get("Limit").getAsInt() > 0
                ? request.get("Limit").getAsInt() : 100);
        JsonArray results = new JsonArray();
        for (Evaluation e : matching.subList(from, Math.min(matching.size(), from + limit))) {
            JsonObject qualifier = new JsonObject();
            qualifier.addProperty("ConfigRuleName", request.get("ConfigRuleName").getAsString());
            qualifier.addProperty("ResourceType", e.resourceType());
            qualifier.addProperty("ResourceId", e.resourceId());
            JsonObject identifier = new JsonObject();
            identifier.add("EvaluationResultQualifier", qualifier);
            identifier.addProperty("OrderingTimestamp", e.orderingTimestamp().getEpochSecond());
            JsonObject result = new JsonObject();
            result.add("EvaluationResultIdentifier", identifier);
            result.addProperty("ComplianceType", e.complianceType());
            results.add(result);
        }
        JsonObject response = new JsonObject();
        response.add("EvaluationResults", results);
        if (from + limit < matching.size()) {
            response.addProperty("NextToken", Integer.toString(from + limit));
        }
        return new Answer(200, response.toString());
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
