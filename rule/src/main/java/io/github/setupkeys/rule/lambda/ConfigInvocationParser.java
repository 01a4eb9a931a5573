package io.github.setupkeys.rule.lambda;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.setupkeys.rule.domain.InvalidParameterException;
import io.github.setupkeys.rule.domain.RuleMetadata;
import io.github.setupkeys.rule.domain.RuleParameters;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns the event Config sends into a {@link ConfigInvocation}, or says in one line what is wrong with it. */
public final class ConfigInvocationParser {

    /** The parameter naming the role to assume in accounts other than the function's own. */
    public static final String EXECUTION_ROLE_NAME = "executionRoleName";

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern ROLE_NAME = Pattern.compile("([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

    private ConfigInvocationParser() {
    }

    public static ConfigInvocation parse(ConfigEvent event) {
        if (event == null) {
            throw new InvalidInvocationException("no event");
        }
        String resultToken = required(event.getResultToken(), "resultToken");
        String accountId = required(event.getAccountId(), "accountId");
        if (!ACCOUNT_ID.matcher(accountId).matches()) {
            throw new InvalidInvocationException("accountId '" + accountId + "' is not a 12-digit AWS account id");
        }
        String ruleName = required(event.getConfigRuleName(), "configRuleName");
        JsonObject invoking = object(required(event.getInvokingEvent(), "invokingEvent"), "invokingEvent");
        MessageType type = MessageType.fromWire(string(invoking, "messageType", "invokingEvent"));
        Map<String, String> parameters = parameters(event.getRuleParameters());
        Optional<String> roleName = Optional.ofNullable(parameters.remove(EXECUTION_ROLE_NAME)).map(String::strip)
                .filter(name -> !name.isEmpty());
        roleName.filter(name -> !ROLE_NAME.matcher(name).matches()).ifPresent(name -> {
            throw new InvalidInvocationException(new InvalidParameterException(EXECUTION_ROLE_NAME, name,
                    "an IAM role name (letters, digits and +=,.@_-, up to 64 characters), optionally after a path")
                    .getMessage());
        });
        RuleParameters rule;
        try {
            rule = RuleParameters.fromMap(parameters);
        } catch (InvalidParameterException e) {
            throw new InvalidInvocationException(e.getMessage(), e);
        }
        Optional<ConfigurationItem> item = switch (type) {
            case CONFIGURATION_ITEM_CHANGE -> Optional.of(item(invoking, "configurationItem"));
            case OVERSIZED_CONFIGURATION_ITEM_CHANGE -> Optional.of(item(invoking, "configurationItemSummary"));
            case SCHEDULED -> Optional.empty();
        };
        Instant notificationTime = item.map(ConfigurationItem::captureTime)
                .orElseGet(() -> time(invoking, "notificationCreationTime", "invokingEvent"));
        return new ConfigInvocation(type, item, notificationTime, rule, roleName, resultToken,
                event.getEventLeftScope(), accountId, ruleName);
    }

    private static ConfigurationItem item(JsonObject invoking, String field) {
        JsonElement element = invoking.get(field);
        if (element == null || !element.isJsonObject()) {
            throw new InvalidInvocationException("invokingEvent has no " + field + " object");
        }
        JsonObject item = element.getAsJsonObject();
        String where = "invokingEvent." + field;
        String type = string(item, "resourceType", where);
        String name = optionalString(item, "resourceName")
                .or(() -> Optional.ofNullable(item.get("configuration")).filter(JsonElement::isJsonObject)
                        .flatMap(configuration -> optionalString(configuration.getAsJsonObject(), "userName")))
                .orElse(null);
        if (name == null && type.equals(RuleMetadata.RESOURCE_TYPE)) {
            throw new InvalidInvocationException(where + " has no resourceName (the IAM user name)");
        }
        return new ConfigurationItem(type, string(item, "resourceId", where), name,
                string(item, "configurationItemStatus", where), time(item, "configurationItemCaptureTime", where));
    }

    private static Map<String, String> parameters(String json) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (json == null || json.isBlank()) {
            return parameters;
        }
        for (Map.Entry<String, JsonElement> entry : object(json, "ruleParameters").entrySet()) {
            JsonElement value = entry.getValue();
            if (!value.isJsonPrimitive()) {
                throw new InvalidInvocationException("rule parameter " + entry.getKey()
                        + " must be a string, number or boolean, not " + value);
            }
            parameters.put(entry.getKey(), value.getAsString());
        }
        return parameters;
    }

    private static JsonObject object(String json, String field) {
        try {
            JsonElement element = JsonParser.parseString(json);
            if (element.isJsonObject()) {
                return element.getAsJsonObject();
            }
        } catch (JsonParseException notJson) {
            throw new InvalidInvocationException(field + " is not JSON: " + oneLine(notJson.getMessage()));
        }
        throw new InvalidInvocationException(field + " is not a JSON object");
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInvocationException("the event has no " + field);
        }
        return value;
    }

    private static String string(JsonObject object, String field, String where) {
        return optionalString(object, field)
                .orElseThrow(() -> new InvalidInvocationException(where + " has no " + field));
    }

    private static Optional<String> optionalString(JsonObject object, String field) {
        JsonElement element = object.get(field);
        return element != null && element.isJsonPrimitive() && !element.getAsString().isBlank()
                ? Optional.of(element.getAsString())
                : Optional.empty();
    }

    private static Instant time(JsonObject object, String field, String where) {
        String text = string(object, field, where);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInvocationException(where + "." + field + " is not an ISO 8601 time: '" + text + "'");
        }
    }

    private static String oneLine(String text) {
        return String.valueOf(text).replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
