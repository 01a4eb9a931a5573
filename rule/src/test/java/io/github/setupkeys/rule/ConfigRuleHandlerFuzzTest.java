package io.github.setupkeys.rule;

import static io.github.setupkeys.rule.HostileInput.assertClearFailure;
import static io.github.setupkeys.rule.HostileInput.describing;
import static io.github.setupkeys.rule.HostileInput.listOf;
import static io.github.setupkeys.rule.HostileInput.position;
import static io.github.setupkeys.rule.HostileInput.weighted;
import static io.github.setupkeys.rule.domain.TestUsers.T0;
import static io.github.setupkeys.rule.domain.TestUsers.aUser;
import static io.github.setupkeys.rule.domain.TestUsers.activeKey;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.github.setupkeys.lambda.FakeContext;
import io.github.setupkeys.rule.config.AccountAccess;
import io.github.setupkeys.rule.config.AccountConnection;
import io.github.setupkeys.rule.config.CallCounts;
import io.github.setupkeys.rule.config.ConfigEvaluation;
import io.github.setupkeys.rule.config.ConfigInvocation;
import io.github.setupkeys.rule.config.ConfigurationItem;
import io.github.setupkeys.rule.config.Events;
import io.github.setupkeys.rule.config.InvalidInvocationException;
import io.github.setupkeys.rule.config.RecordingConfigApi;
import io.github.setupkeys.rule.domain.Annotation;
import io.github.setupkeys.rule.domain.InvalidParameterException;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.evaluation.InMemoryIamFacts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;

/**
 * The real-shaped Config events of {@code src/test/resources/events}, mutated every way a broken or hostile
 * sender could (fields dropped, replaced, retyped; the invoking event cut, corrupted or replaced; odd times,
 * huge strings, unicode, other accounts and result tokens), through {@link ConfigRuleHandler} with in-memory
 * IAM and Config. Either the invocation fails with a one-line, named error and writes nothing, or it writes
 * only evaluations of the resource the event named (or of the users the account holds), each valid. The fuzzer's
 * bytes choose the fixture and the changes; the empty input is the first fixture unchanged.
 */
class ConfigRuleHandlerFuzzTest {

    private static final List<String> FIXTURES = List.of("change-user.json", "change-user-deleted.json",
            "change-user-deleted-not-recorded.json", "change-user-not-recorded.json", "change-user-left-scope.json",
            "change-role.json", "oversized-user.json", "scheduled.json", "scheduled-member-account.json",
            "scheduled-test-mode.json", "change-user-discovered.json", "change-user-daily-recording.json",
            "change-user-large.json", "oversized-user-unnamed.json", "oversized-user-as-documented.json",
            "scheduled-evaluation-mode.json");
    private static final String OWN_ACCOUNT = "111122223333";
    private static final String ALICE_ID = "AIDAEXAMPLEALICE00001";
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    /** Resources the accounts' Config already holds results for (the scheduled run clears them). */
    private static final String GONE_ID = "AIDAGONE0000000000001";

    /** A fixture and what is done to it: to the invoking event's tree, to its text, to the other fields. */
    record Case(String fixture, List<Mutation<JsonObject>> tree, Optional<Mutation<String>> text,
            List<Mutation<ConfigEvent>> fields) {

        boolean unchanged() {
            return tree.isEmpty() && text.isEmpty() && fields.isEmpty();
        }

        /** Whether the event is invalid after all changes: the last change of each target decides. */
        boolean invalid() {
            Map<String, Boolean> last = new HashMap<>();
            tree.forEach(mutation -> last.put("invokingEvent." + mutation.target(), mutation.invalidates()));
            fields.forEach(mutation -> last.put(mutation.target(), mutation.invalidates()));
            return last.containsValue(true) || text.filter(Mutation::invalidates).isPresent();
        }

        ConfigEvent event() {
            ConfigEvent event = Events.load(fixture);
            JsonObject invoking = JsonParser.parseString(event.getInvokingEvent()).getAsJsonObject();
            for (Mutation<JsonObject> mutation : tree) {
                invoking = mutation.apply(invoking);
            }
            String invokingText = invoking.toString();
            event.setInvokingEvent(text.map(mutation -> mutation.apply(invokingText)).orElse(invokingText));
            for (Mutation<ConfigEvent> mutation : fields) {
                event = mutation.apply(event);
            }
            return event;
        }
    }

    /** Two accounts in memory: the function's own, and every other one reached through a role. */
    private static final class Accounts implements AccountAccess {
        final InMemoryIamFacts ownIam = account("alice", ALICE_ID, "bob", "AIDAEXAMPLEBOB0000001");
        final RecordingConfigApi ownConfig = new RecordingConfigApi().storedResultFor(GONE_ID);
        final InMemoryIamFacts memberIam = account("mallory", "AIDAEXAMPLEMALLORY001", "carol", "AIDAEXAMPLECAROL00001");
        final RecordingConfigApi memberConfig = new RecordingConfigApi().storedResultFor(GONE_ID);
        final List<String> assumedRoles = new ArrayList<>();

        private static InMemoryIamFacts account(String offender, String offenderId, String other, String otherId) {
            return new InMemoryIamFacts()
                    .add(aUser().named(offender).withId(offenderId).withConsolePassword().withKey(activeKey()).facts())
                    .add(aUser().named(other).withId(otherId).withConsolePassword().facts())
                    .add(aUser().named("svc").withId(otherId.replace("0", "9")).facts())
                    .generateReport(T0.plus(Duration.ofDays(30)));
        }

        @Override
        public AccountConnection own() {
            return new AccountConnection(ownIam, ownConfig, CallCounts.NONE);
        }

        @Override
        public AccountConnection assumed(String roleArn) {
            assumedRoles.add(roleArn);
            return new AccountConnection(memberIam, memberConfig, CallCounts.NONE);
        }

        /** The ids of the users an account holds, and of the results its Config held. */
        Set<String> resourceIds(boolean member) {
            InMemoryIamFacts iam = member ? memberIam : ownIam;
            Set<String> ids = new HashSet<>(Set.of(GONE_ID));
            iam.listUsers().forEach(user -> ids.add(user.userId().orElseThrow()));
            return ids;
        }
    }

    private static final Outcomes OUTCOMES = new Outcomes("ConfigRuleHandlerFuzzTest",
            Map.of("written", 0.15, "rejected", 0.30));

    @FuzzTest(maxExecutions = 1500)
    void aMutatedEventFailsClearlyWritingNothingOrWritesOnlyValidEvaluationsOfWhatItNamed(FuzzedDataProvider data) {
        Case mutated = cases(data);
        describing(mutated, () -> check(mutated));
    }

    @AfterAll
    static void everyOutcomeWasReached() {
        OUTCOMES.check();
    }

    private static void check(Case mutated) {
        ConfigEvent event = mutated.event();
        Accounts accounts = new Accounts();
        Optional<JsonObject> item = namedItem(event);
        item.ifPresent(named -> {
            // What GetResourceConfigHistory answers for an oversized notification's resource.
            ConfigurationItem latest = new ConfigurationItem(string(named, "resourceType"), string(named, "resourceId"),
                    "alice", "OK", Instant.parse("2026-11-29T10:15:35Z"));
            accounts.ownConfig.item(latest);
            accounts.memberConfig.item(latest);
        });
        ConfigRuleHandler handler = new ConfigRuleHandler(accounts, Clock.fixed(NOW, ZoneOffset.UTC), pause -> { });

        RuntimeException failure = null;
        try {
            handler.handleRequest(event, new FakeContext());
        } catch (RuntimeException e) {
            failure = e;
        }
        OUTCOMES.count(failure == null ? "written" : "rejected");
        assertThat(failure == null && mutated.invalid()).as("accepted an invalid event, writing %s",
                accounts.ownConfig.written()).isFalse();
        if (failure != null) {
            assertClearFailure(failure, InvalidInvocationException.class, InvalidParameterException.class);
            assertThat(mutated.unchanged()).as("an unchanged fixture failed: %s", failure.getMessage()).isFalse();
            assertThat(accounts.ownConfig.puts()).as("written from an invalid event").isEmpty();
            assertThat(accounts.memberConfig.puts()).as("written from an invalid event").isEmpty();
            return;
        }
        boolean member = !event.getAccountId().equals(OWN_ACCOUNT);
        RecordingConfigApi written = member ? accounts.memberConfig : accounts.ownConfig;
        assertThat((member ? accounts.ownConfig : accounts.memberConfig).puts()).as("written to the other account").isEmpty();
        assertThat(accounts.assumedRoles).allSatisfy(role -> assertThat(role)
                .startsWith("arn:aws:iam::" + event.getAccountId() + ":role/"));
        assertThat(written.puts()).isNotEmpty().allSatisfy(put -> {
            assertThat(put.resultToken()).isEqualTo(event.getResultToken());
            assertThat(put.testMode()).isEqualTo(ConfigInvocation.TEST_MODE_TOKEN.equals(event.getResultToken()));
        });
        JsonObject invoking = JsonParser.parseString(event.getInvokingEvent()).getAsJsonObject();
        String messageType = string(invoking, "messageType");
        for (ConfigEvaluation evaluation : written.written()) {
            assertThat(evaluation.complianceType()).isNotNull();
            assertThat(evaluation.annotation()).isNotBlank().hasSizeLessThanOrEqualTo(Annotation.MAX_LENGTH);
        }
        if (messageType.equals("ScheduledNotification")) {
            assertThat(written.written()).allSatisfy(evaluation -> {
                assertThat(evaluation.resourceType()).isEqualTo(RuleMetadata.RESOURCE_TYPE);
                assertThat(evaluation.resourceId()).isIn(accounts.resourceIds(member));
                assertThat(evaluation.orderingTimestamp()).isEqualTo(time(invoking, "notificationCreationTime"));
            });
        } else {
            JsonObject named = item.orElseThrow(() -> new AssertionError("no item, yet written: " + written.written()));
            assertThat(written.written()).singleElement().satisfies(evaluation -> {
                assertThat(evaluation.resourceType()).isEqualTo(string(named, "resourceType"));
                assertThat(evaluation.resourceId()).isEqualTo(string(named, "resourceId"));
            });
            if (messageType.equals("ConfigurationItemChangeNotification")) {
                assertThat(string(named, "configurationItemStatus")).isNotBlank();
                assertThat(named.get("resourceName")).as("resourceName").satisfiesAnyOf(
                        name -> assertThat(name).isNull(), name -> assertThat(name.isJsonNull()).isTrue(),
                        name -> assertThat(isString(named, "resourceName")).isTrue());
                assertThat(written.written().get(0).orderingTimestamp())
                        .isEqualTo(time(named, "configurationItemCaptureTime"));
            }
        }
    }

    /** The item the event names, read from it the plain way; empty when it names none (or not as strings). */
    private static Optional<JsonObject> namedItem(ConfigEvent event) {
        try {
            JsonObject invoking = JsonParser.parseString(event.getInvokingEvent()).getAsJsonObject();
            for (String field : List.of("configurationItem", "configurationItemSummary")) {
                JsonElement item = invoking.get(field);
                if (item != null && item.isJsonObject() && isString(item.getAsJsonObject(), "resourceType")
                        && isString(item.getAsJsonObject(), "resourceId")) {
                    return Optional.of(item.getAsJsonObject());
                }
            }
        } catch (RuntimeException notAnObject) {
            // the handler must reject it; checked by the property
        }
        return Optional.empty();
    }

    private static boolean isString(JsonObject object, String field) {
        JsonElement element = object.get(field);
        return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
    }

    private static String string(JsonObject object, String field) {
        assertThat(isString(object, field)).as("%s is a string in %s", field, object).isTrue();
        return object.get(field).getAsString();
    }

    private static Instant time(JsonObject object, String field) {
        return OffsetDateTime.parse(string(object, field)).toInstant();
    }


    // ---- what the fuzzer's bytes choose ----

    /** One case in 13 is a fixture unchanged (as is the empty input); the others change it up to six ways. */
    private static Case cases(FuzzedDataProvider data) {
        String fixture = data.pickValue(FIXTURES);
        if (weighted(data, 1, 12) == 0) {
            return new Case(fixture, List.of(), Optional.empty(), List.of());
        }
        return new Case(fixture, listOf(data, 3, ConfigRuleHandlerFuzzTest::treeMutation),
                weighted(data, 85, 15) == 0 ? Optional.empty() : Optional.of(textMutation(data)),
                listOf(data, 2, ConfigRuleHandlerFuzzTest::fieldMutation));
    }

    /** Field names the rule reads, where mutations are aimed most of the time. */
    private static final List<String> READ = List.of("messageType", "notificationCreationTime", "configurationItem",
            "configurationItemSummary", "resourceType", "resourceId", "resourceName", "configurationItemStatus",
            "configurationItemCaptureTime", "configuration", "userName");
    private static final List<String> NOT_READ = List.of("awsAccountId", "recordVersion", "ARN", "configurationStateId",
            "tags");
    /** The message types that invoke the rule (docs/design.md §3.2); any other must be refused. */
    private static final Set<String> SENT_BY_CONFIG = Set.of("ConfigurationItemChangeNotification",
            "OversizedConfigurationItemChangeNotification", "ScheduledNotification");
    private static final List<String> MESSAGE_TYPES = List.of("ConfigurationItemChangeNotification",
            "OversizedConfigurationItemChangeNotification", "ScheduledNotification", "ComplianceChangeNotification",
            "scheduledNotification", " ScheduledNotification");
    private static final List<String> ITEM_FIELDS = List.of("configurationItem", "configurationItemSummary");

    private static Mutation<JsonObject> treeMutation(FuzzedDataProvider data) {
        String name = weighted(data, 4, 1) == 0 ? data.pickValue(READ) : data.pickValue(NOT_READ);
        return switch (data.consumeInt(0, 5)) {
            case 0 -> new Mutation<>("remove " + name, name, json -> everywhere(json, name, (parent, old) -> null), false);
            case 1 -> {
                JsonElement value = jsonValue(data);
                yield new Mutation<>("set " + name + " to " + HostileInput.shown(value.toString()), name,
                        json -> everywhere(json, name, (parent, old) -> value.deepCopy()), false);
            }
            case 2 -> new Mutation<>("wrap " + name + " in an array", name, json -> everywhere(json, name,
                    (parent, old) -> {
                        JsonArray array = new JsonArray();
                        array.add(old);
                        return array;
                    }), false);
            case 3 -> new Mutation<>("write " + name + " as its JSON text", name, json -> everywhere(json, name,
                    (parent, old) -> new JsonPrimitive(old.toString())), false);
            case 4 -> {
                String type = data.pickValue(MESSAGE_TYPES);
                yield new Mutation<>("set messageType to " + type, "messageType", json -> everywhere(json, "messageType",
                        (parent, old) -> new JsonPrimitive(type)), !SENT_BY_CONFIG.contains(type));
            }
            default -> {
                String to = data.pickValue(ITEM_FIELDS);
                yield new Mutation<>("move the item to " + to, "configurationItem", json -> {
                    JsonElement item = json.has("configurationItem") ? json.remove("configurationItem")
                            : json.remove("configurationItemSummary");
                    if (item != null) {
                        json.add(to, item);
                    }
                    return json;
                }, false);
            }
        };
    }

    /** Applies {@code change} to every member named {@code name}, at any depth; a null result removes it. */
    private static JsonObject everywhere(JsonObject json, String name,
            BiFunction<JsonObject, JsonElement, JsonElement> change) {
        for (Map.Entry<String, JsonElement> member : new ArrayList<>(json.entrySet())) {
            if (member.getKey().equals(name)) {
                JsonElement replaced = change.apply(json, member.getValue());
                if (replaced == null) {
                    json.remove(name);
                } else {
                    json.add(name, replaced);
                }
            } else if (member.getValue().isJsonObject()) {
                everywhere(member.getValue().getAsJsonObject(), name, change);
            }
        }
        return json;
    }

    private static final List<String> FIELD_TEXTS = List.of("AWS::IAM::User", "AWS::IAM::Role", "aws::iam::user",
            "AWS::IAM::User ", "OK", "ResourceDiscovered", "ResourceDeleted", "ResourceDeletedNotRecorded",
            "ResourceNotRecorded", "ok", "Deleted", ALICE_ID, "AIDAEXAMPLEBOB0000001", "AIDAEXAMPLEMALLORY001", "AIDA",
            "AIDA\u0000x", "alice", "bob", "nobody", "ALICE", "al ice", "alice\u0000", "a".repeat(65), "a+b=c,d.e@f_g-h",
            "2026-11-29T10:15:30Z", "2026-11-29T10:15:30.123456789+14:00", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00+18:00", "2026-02-30T00:00:00Z", "2026-11-29 10:15:30", "2026-11-29T10:15:30",
            "1764411330123", "2026-11-29T10:15:30+25:00", "");
    private static final List<JsonElement> OTHER_VALUES = otherValues();

    private static List<JsonElement> otherValues() {
        JsonObject object = new JsonObject();
        object.addProperty("resourceType", "AWS::IAM::User");
        JsonArray array = new JsonArray();
        array.add("alice");
        return List.of(JsonNull.INSTANCE, new JsonPrimitive(0), new JsonPrimitive(-1), new JsonPrimitive(1764411330123L),
                new JsonPrimitive(1e3), new JsonPrimitive(true), new JsonPrimitive(false), new JsonArray(), array,
                new JsonObject(), object);
    }

    private static JsonElement jsonValue(FuzzedDataProvider data) {
        return switch (weighted(data, 4, 3, 2)) {
            case 0 -> new JsonPrimitive(data.pickValue(FIELD_TEXTS));
            case 1 -> new JsonPrimitive(HostileInput.string(data));
            default -> data.pickValue(OTHER_VALUES);
        };
    }

    private static final List<String> INSERTS = List.of("\"", "{", "}", "[", ",", ":", "\\", "\u0000", "\n", "//", "'",
            "\uFEFF", "\uD800");
    private static final List<Mutation<String>> TEXT_REWRITES = List.of(
            new Mutation<>("as a JSON string", text -> new JsonPrimitive(text).toString(), true),
            new Mutation<>("in an array", text -> "[" + text + "]", true),
            new Mutation<>("twice", text -> text + text, true),
            new Mutation<>("with a trailing comma", text -> text.substring(0, text.length() - 1) + ",}", true),
            new Mutation<>("with single quotes", text -> text.replace('"', '\''), true),
            new Mutation<>("with a comment", text -> "/* Config */" + text, true),
            new Mutation<>("with a name twice", text -> text.substring(0, text.length() - 1) + ",\"twice\":1,\"twice\":2}",
                    true));

    private static Mutation<String> textMutation(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 3)) {
            case 0 -> {
                int at = position(data);
                yield new Mutation<>("cut at " + at, text -> text.substring(0, at % text.length()), true);
            }
            case 1 -> {
                int at = position(data);
                String insert = data.pickValue(INSERTS);
                yield new Mutation<>("insert " + HostileInput.shown(insert) + " at " + at, text -> {
                    int i = at % (text.length() + 1);
                    return text.substring(0, i) + insert + text.substring(i);
                });
            }
            case 2 -> data.pickValue(TEXT_REWRITES);
            default -> {
                String hostile = HostileInput.string(data);
                yield new Mutation<>("replace with " + HostileInput.shown(hostile), text -> hostile);
            }
        };
    }

    /** The event's fields the rule needs (docs/design.md §3.2): Config always sends them, not blank. */
    private static final Set<String> NEEDED = Set.of("accountId", "resultToken", "configRuleName", "invokingEvent");
    /** "A 12-digit AWS account id". */
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    private static final List<String> ACCOUNT_IDS = List.of("444455556666", "111122223333", "11112222333",
            "1111222233334", "١١١١٢٢٢٢٣٣٣٣", " 111122223333", "000000000000");
    private static final List<String> RESULT_TOKENS = List.of("TESTMODE", "testmode", " TESTMODE", "x");

    /** Rule parameters an event may carry, and whether the documented parameters (design.md §1.5) refuse them. */
    record RuleParametersText(String json, boolean refused) {
    }

    private static final List<RuleParametersText> RULE_PARAMETERS = List.of(
            new RuleParametersText("{}", false),
            new RuleParametersText("", false),
            new RuleParametersText("{\"executionRoleName\":\"SetupKeysRuleExecution\"}", false),
            new RuleParametersText("{\"setupWindowSeconds\":\"60\",\"requireNeverUsed\":\"false\"}", false),
            new RuleParametersText("{\"setupWindowSeconds\":0}", true), // 1 to 604800 seconds
            new RuleParametersText("{\"exemptTag\":\"owner\"}", false),
            new RuleParametersText("{\"unknown\":1}", true), // no such parameter
            new RuleParametersText("[]", true), // not an object of parameters
            new RuleParametersText("{\"setupWindowSeconds\":\"1e3\"}", true)); // seconds are written in digits

    private static final List<String> EVENT_FIELDS = List.of("accountId", "resultToken", "configRuleName",
            "ruleParameters", "invokingEvent", "version", "executionRoleArn");

    private static Mutation<ConfigEvent> fieldMutation(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 4)) {
            case 0 -> {
                String id = data.pickValue(ACCOUNT_IDS);
                yield new Mutation<>("accountId " + id, "accountId", event -> {
                    event.setAccountId(id);
                    return event;
                }, !ACCOUNT_ID.matcher(id).matches());
            }
            case 1 -> {
                String token = data.pickValue(RESULT_TOKENS);
                yield new Mutation<>("resultToken " + token, "resultToken", event -> {
                    event.setResultToken(token);
                    return event;
                }, false);
            }
            case 2 -> {
                boolean left = data.consumeBoolean();
                yield new Mutation<>("eventLeftScope " + left, event -> {
                    event.setEventLeftScope(left);
                    return event;
                });
            }
            case 3 -> {
                RuleParametersText parameters = data.pickValue(RULE_PARAMETERS);
                yield new Mutation<>("ruleParameters " + parameters.json(), "ruleParameters", event -> {
                    event.setRuleParameters(parameters.json());
                    return event;
                }, parameters.refused());
            }
            default -> {
                String field = data.pickValue(EVENT_FIELDS);
                Optional<String> value = data.consumeBoolean() ? Optional.empty()
                        : Optional.of(data.consumeBoolean() ? data.pickValue(List.of("", " ")) : HostileInput.string(data));
                yield new Mutation<>(field + " " + value.map(HostileInput::shown).orElse("null"), field,
                        event -> set(event, field, value.orElse(null)), refused(field, value));
            }
        };
    }

    /**
     * Whether an event whose {@code field} is {@code value} (empty: absent) must be refused: a needed field absent
     * or blank, an account id that is not one, or an invoking event that is not one. An invoking event names its
     * message type and its time or item, which no hostile string does (at most 40 characters, or one repeated).
     */
    private static boolean refused(String field, Optional<String> value) {
        if (NEEDED.contains(field) && value.filter(text -> !text.isBlank()).isEmpty()) {
            return true;
        }
        return switch (field) {
            case "accountId" -> !ACCOUNT_ID.matcher(value.orElseThrow()).matches();
            case "invokingEvent" -> true;
            default -> false;
        };
    }

    private static ConfigEvent set(ConfigEvent event, String field, String value) {
        switch (field) {
            case "accountId" -> event.setAccountId(value);
            case "resultToken" -> event.setResultToken(value);
            case "configRuleName" -> event.setConfigRuleName(value);
            case "ruleParameters" -> event.setRuleParameters(value);
            case "invokingEvent" -> event.setInvokingEvent(value);
            case "version" -> event.setVersion(value);
            default -> event.setExecutionRoleArn(value);
        }
        return event;
    }
}
