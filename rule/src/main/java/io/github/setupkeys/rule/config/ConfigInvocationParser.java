package io.github.setupkeys.rule.config;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import io.github.setupkeys.rule.domain.IamNames;
import io.github.setupkeys.rule.domain.InvalidParameterException;
import io.github.setupkeys.rule.domain.RecordingParameters;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.domain.RuleParameters;
import io.github.setupkeys.json.StrictJson;
import io.github.setupkeys.text.InputText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns the event Config sends into a {@link ConfigInvocation}, or says in one line what is wrong with it. The
 * JSON inside is read strictly ({@link StrictJson}) and every field the rule uses must have the type Config
 * gives it: an event that is not what Config sends is refused, never evaluated as far as it can be read.
 */
public final class ConfigInvocationParser {

    /** The parameter naming the role to assume in accounts other than the function's own. */
    public static final String EXECUTION_ROLE_NAME = "executionRoleName";
    /** Every parameter the Config rule accepts: the criteria, how verdicts are recorded, the execution role. */
    public static final List<String> PARAMETER_NAMES = Stream.of(RuleParameters.NAMES.stream(),
            RecordingParameters.NAMES.stream(), Stream.of(EXECUTION_ROLE_NAME)).flatMap(names -> names).toList();

    /** Config resource types: {@code AWS::IAM::User}, or a registry type such as {@code MyCo::Svc::Thing}. */
    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Za-z0-9]+(::[A-Za-z0-9]+){2,}");
    /** Config accepts resource ids of at most this many characters in PutEvaluations. */
    private static final int MAX_RESOURCE_ID = 768;
    private static final Pattern USER_ID = Pattern.compile("\\w{16,128}");

    private ConfigInvocationParser() {
    }

    public static ConfigInvocation parse(ConfigEvent event) {
        if (event == null) {
            throw new InvalidInvocationException("no event");
        }
        String resultToken = required(event.getResultToken(), "resultToken");
        String accountId = required(event.getAccountId(), "accountId");
        if (!IamNames.ACCOUNT_ID.matcher(accountId).matches()) {
            throw new InvalidInvocationException("accountId " + InputText.quote(accountId)
                    + " is not a 12-digit AWS account id");
        }
        String ruleName = required(event.getConfigRuleName(), "configRuleName");
        JsonObject invoking = object(required(event.getInvokingEvent(), "invokingEvent"), "invokingEvent");
        MessageType type = MessageType.fromWire(string(invoking, "messageType", "invokingEvent"));
        Map<String, String> parameters = parameters(event.getRuleParameters());
        Optional<String> roleName = Optional.ofNullable(parameters.remove(EXECUTION_ROLE_NAME)).map(String::strip)
                .filter(name -> !name.isEmpty());
        roleName.filter(name -> !IamNames.NAME_AFTER_PATH.matcher(name).matches()).ifPresent(name -> {
            throw new InvalidInvocationException(new InvalidParameterException(EXECUTION_ROLE_NAME, name,
                    "an IAM role name (letters, digits and +=,.@_-, up to 64 characters), optionally after a path")
                    .getMessage());
        });
        RuleParameters rule;
        RecordingParameters recording;
        try {
            recording = RecordingParameters.fromMap(parameters);
            RecordingParameters.NAMES.forEach(parameters::remove);
            for (String name : parameters.keySet()) {
                if (!RuleParameters.NAMES.contains(name)) {
                    throw new InvalidParameterException(name, null,
                            "one of " + String.join(", ", PARAMETER_NAMES.stream().sorted().toList()));
                }
            }
            rule = RuleParameters.fromMap(parameters);
        } catch (InvalidParameterException e) {
            throw new InvalidInvocationException(e.getMessage(), e);
        }
        Optional<ConfigurationItem> item = switch (type) {
            case CONFIGURATION_ITEM_CHANGE -> Optional.of(item(invoking, "configurationItem", false));
            case OVERSIZED_CONFIGURATION_ITEM_CHANGE -> Optional.of(item(invoking, "configurationItemSummary", true));
            case SCHEDULED -> Optional.empty();
        };
        Instant notificationTime = item.map(ConfigurationItem::captureTime)
                .orElseGet(() -> time(invoking, "notificationCreationTime", "invokingEvent"));
        return new ConfigInvocation(type, item, notificationTime, rule, roleName, resultToken,
                event.getEventLeftScope(), accountId, ruleName, recording);
    }

    /** @param summary whether the item is an oversized notification's summary, to be fetched whole */
    private static ConfigurationItem item(JsonObject invoking, String field, boolean summary) {
        JsonElement element = invoking.get(field);
        if (element == null || !element.isJsonObject()) {
            throw new InvalidInvocationException("invokingEvent has no " + field + " object");
        }
        JsonObject item = element.getAsJsonObject();
        String where = "invokingEvent." + field;
        String type = string(item, "resourceType", where);
        if (!RESOURCE_TYPE.matcher(type).matches()) {
            throw new InvalidInvocationException(where + ".resourceType " + InputText.quote(type)
                    + " is not a resource type (like AWS::IAM::User)");
        }
        String id = string(item, "resourceId", where);
        if (id.length() > MAX_RESOURCE_ID) {
            throw new InvalidInvocationException(where + ".resourceId " + InputText.quote(id) + " is longer than the "
                    + MAX_RESOURCE_ID + " characters of a Config resource id");
        }
        String status = string(item, "configurationItemStatus", where);
        JsonElement configuration = item.get("configuration");
        String name = optionalString(item, "resourceName", where)
                .or(() -> Optional.ofNullable(configuration).filter(JsonElement::isJsonObject)
                        .flatMap(object -> optionalString(object.getAsJsonObject(), "userName", where + ".configuration")))
                .orElse(null);
        if (type.equals(RuleMetadata.RESOURCE_TYPE)) {
            if (name == null && needsName(summary, status)) {
                throw new InvalidInvocationException(where + " has no resourceName (the IAM user name)");
            }
            if (name != null && !IamNames.NAME.matcher(name).matches()) {
                throw new InvalidInvocationException(where + ".resourceName " + InputText.quote(name)
                        + " is not an IAM user name (" + IamNames.NAME_FORM + ")");
            }
            if (!USER_ID.matcher(id).matches()) {
                throw new InvalidInvocationException(where + ".resourceId " + InputText.quote(id)
                        + " is not an IAM user id (16-128 letters and digits, like AIDA...)");
            }
        }
        return new ConfigurationItem(type, id, name, status, time(item, "configurationItemCaptureTime", where));
    }

    /**
     * Whether the user's name must come with the item: not when its status already decides (Config sends deleted
     * and unrecorded items with {@code resourceName}, {@code configuration} and {@code resourceCreationTime}
     * null), nor in an oversized notification's summary, whose item is fetched by type and id before the user is
     * looked up (Config's own examples show {@code "resourceName": null} there).
     */
    private static boolean needsName(boolean summary, String status) {
        return !summary && !ConfigurationItem.GONE.contains(status);
    }

    private static Map<String, String> parameters(String json) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return parameters;
        }
        for (Map.Entry<String, JsonElement> entry : object(json, "ruleParameters").entrySet()) {
            JsonElement value = entry.getValue();
            if (!value.isJsonPrimitive()) {
                throw new InvalidInvocationException("rule parameter " + InputText.clean(entry.getKey())
                        + " must be a string, number or boolean, not " + kind(value));
            }
            parameters.put(entry.getKey(), value.getAsString());
        }
        return parameters;
    }

    private static JsonObject object(String json, String field) {
        JsonElement element;
        try {
            element = StrictJson.parse(json);
        } catch (JsonParseException notJson) {
            throw new InvalidInvocationException(field + " is not JSON: " + notJson.getMessage());
        }
        if (!element.isJsonObject()) {
            throw new InvalidInvocationException(field + " is not a JSON object but " + kind(element));
        }
        return element.getAsJsonObject();
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInvocationException("the event has no " + field);
        }
        return value;
    }

    private static String string(JsonObject object, String field, String where) {
        return optionalString(object, field, where)
                .orElseThrow(() -> new InvalidInvocationException(where + " has no " + field));
    }

    /** A string member; absent, null or blank is empty, any other type is refused. */
    private static Optional<String> optionalString(JsonObject object, String field, String where) {
        JsonElement element = object.get(field);
        if (element == null || element.isJsonNull()) {
            return Optional.empty();
        }
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw new InvalidInvocationException(where + "." + field + " is " + kind(element) + ", not a string");
        }
        return Optional.of(element.getAsString()).filter(value -> !value.isBlank());
    }

    private static Instant time(JsonObject object, String field, String where) {
        String text = string(object, field, where);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInvocationException(where + "." + field + " is not an ISO 8601 time: " + InputText.quote(text));
        }
    }

    private static String kind(JsonElement element) {
        if (element.isJsonNull()) {
            return "null";
        }
        if (element.isJsonObject()) {
            return "an object";
        }
        if (element.isJsonArray()) {
            return "an array";
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        return primitive.isBoolean() ? "a boolean" : primitive.isNumber() ? "a number" : "a string";
    }
}
