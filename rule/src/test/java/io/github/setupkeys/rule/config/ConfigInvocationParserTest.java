package io.github.setupkeys.rule.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.github.setupkeys.rule.domain.RecordingParameters;
import io.github.setupkeys.rule.domain.RuleParameters;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading the event Config sends: what a valid one says, and the one-line refusal of every event that is not what
 * Config sends. ({@link ConfigRuleTest} shows that a refused event fails the invocation with nothing written.)
 */
class ConfigInvocationParserTest {

    @Test
    void aChangeNotificationNamesItsItemAndIsOrderedByTheItemsCaptureTime() {
        ConfigInvocation invocation = ConfigInvocationParser.parse(Events.load("change-user.json"));

        assertThat(invocation.messageType()).isEqualTo(MessageType.CONFIGURATION_ITEM_CHANGE);
        assertThat(invocation.item()).hasValueSatisfying(item -> {
            assertThat(item.resourceType()).isEqualTo("AWS::IAM::User");
            assertThat(item.resourceId()).isEqualTo("AIDAEXAMPLEALICE00001");
            assertThat(item.resourceName()).isEqualTo("alice");
        });
        assertThat(invocation.notificationTime()).isEqualTo(Instant.parse("2026-11-29T10:15:30.123Z"));
        assertThat(invocation.parameters()).isEqualTo(RuleParameters.DEFAULTS);
    }

    @ParameterizedTest(name = "{0}: read from its type and id alone")
    @CsvSource({"change-user-deleted.json,ResourceDeleted",
        "change-user-deleted-not-recorded.json,ResourceDeletedNotRecorded",
        "change-user-not-recorded.json,ResourceNotRecorded"})
    void anItemWhoseStatusDecidesIsReadWithoutTheNameConfigLeavesOut(String fixture, String status) {
        // Was: refused ("has no resourceName"), as Config sends these with resourceName, configuration and
        // resourceCreationTime null, so a deleted user's old result stayed until the next periodic run.
        ConfigInvocation invocation = ConfigInvocationParser.parse(Events.load(fixture));

        assertThat(invocation.item()).hasValueSatisfying(item -> {
            assertThat(item.resourceType()).isEqualTo("AWS::IAM::User");
            assertThat(item.resourceId()).isEqualTo("AIDAEXAMPLEALICE00001");
            assertThat(item.resourceName()).isNull();
            assertThat(item.status()).isEqualTo(status);
            assertThat(item.isGone()).isTrue();
        });
        assertThat(invocation.notificationTime()).isEqualTo(Instant.parse("2026-11-29T10:15:30.123Z"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"oversized-user-unnamed.json", "oversized-user-as-documented.json"})
    void anOversizedSummaryWithoutANameIsReadForTheItemToBeFetched(String fixture) {
        // Was: refused before the fetch that brings the name.
        ConfigInvocation invocation = ConfigInvocationParser.parse(Events.load(fixture));

        assertThat(invocation.messageType()).isEqualTo(MessageType.OVERSIZED_CONFIGURATION_ITEM_CHANGE);
        assertThat(invocation.item()).hasValueSatisfying(item -> {
            assertThat(item.resourceId()).isEqualTo("AIDAEXAMPLEALICE00001");
            assertThat(item.resourceName()).isNull();
            assertThat(item.status()).isEqualTo("OK");
        });
    }

    @ParameterizedTest(name = "status {0} without a name -> refused")
    @ValueSource(strings = {"OK", "ResourceDiscovered"})
    void aLiveUsersItemWithoutANameIsStillRefused(String status) {
        ConfigEvent event = Events.withInvokingEvent("change-user.json", invoking -> {
            JsonObject item = invoking.getAsJsonObject("configurationItem");
            item.addProperty("configurationItemStatus", status);
            item.add("resourceName", JsonNull.INSTANCE);
            item.add("configuration", JsonNull.INSTANCE);
        });

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("invokingEvent.configurationItem has no resourceName (the IAM user name)");
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "resourceName|al ice|invokingEvent.configurationItem.resourceName 'al ice' is not an IAM user name",
        "resourceId|AIDA|invokingEvent.configurationItem.resourceId 'AIDA' is not an IAM user id",
        "configurationItemStatus||invokingEvent.configurationItem has no configurationItemStatus",
        "configurationItemCaptureTime||invokingEvent.configurationItem has no configurationItemCaptureTime"
    })
    void aDeletedItemIsRefusedForEverythingElseAsBefore(String field, String value, String message) {
        ConfigEvent event = Events.withInvokingEvent("change-user-deleted.json", invoking -> {
            JsonObject item = invoking.getAsJsonObject("configurationItem");
            if (value == null) {
                item.remove(field);
            } else {
                item.addProperty(field, value);
            }
        });

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.setupkeys.rule.config.ConfigEventShapesTest#fixtures")
    void everyShapeWithoutItsResultTokenIsRefused(String fixture) {
        ConfigEvent event = Events.load(fixture);
        event.setResultToken(null);

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class).hasMessage("the event has no resultToken");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.github.setupkeys.rule.config.ConfigEventShapesTest#fixtures")
    void everyShapeWithAnUnknownRuleParameterIsRefused(String fixture) {
        ConfigEvent event = Events.load(fixture);
        event.setRuleParameters("{\"setupWindow\":\"60\"}");

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith("rule parameter setupWindow: expected one of");
    }

    @Test
    void aScheduledEventWithoutRuleParametersHasTheDefaultsAndItsEvaluationModeIsIgnored() {
        // The runtime's serializer drops the top-level evaluationMode (ConfigEvent has no such field).
        ConfigInvocation invocation = ConfigInvocationParser.parse(Events.load("scheduled-evaluation-mode.json"));

        assertThat(invocation.messageType()).isEqualTo(MessageType.SCHEDULED);
        assertThat(invocation.parameters()).isEqualTo(RuleParameters.DEFAULTS);
        assertThat(invocation.notificationTime()).isEqualTo(Instant.parse("2026-11-29T00:00:00Z"));
    }

    @ParameterizedTest(name = "ruleParameters {0} -> fails: {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"setupWindowSeconds\":\"0\"}|rule parameter setupWindowSeconds has invalid value '0': expected an integer",
        "{\"setupWindowSeconds\":\"soon\"}|rule parameter setupWindowSeconds has invalid value 'soon'",
        "{\"requireNeverUsed\":\"maybe\"}|rule parameter requireNeverUsed has invalid value 'maybe': expected true or false",
        "{\"setupWindow\":\"60\"}|rule parameter setupWindow: expected one of executionRoleName, exemptTag, "
                + "includeInactiveKeys, recordUnchanged, refreshDays, requireNeverUsed, setupWindowSeconds",
        "{\"refreshDays\":\"0\"}|rule parameter refreshDays has invalid value '0': expected an integer number of days "
                + "from 1 to 89",
        "{\"refreshDays\":90}|rule parameter refreshDays has invalid value '90'",
        "{\"refreshDays\":\"1w\"}|rule parameter refreshDays has invalid value '1w'",
        "{\"recordUnchanged\":\"always\"}|rule parameter recordUnchanged has invalid value 'always': expected true "
                + "or false",
        "{\"exemptTag\":{\"k\":\"v\"}}|rule parameter exemptTag must be a string, number or boolean",
        "{\"executionRoleName\":\"role name with spaces\"}|rule parameter executionRoleName has invalid value",
        "[1,2]|ruleParameters is not a JSON object",
        "{setupWindowSeconds|ruleParameters is not JSON"
    })
    void badRuleParametersAreRefusedOnOneLine(String parameters, String message) {
        ConfigEvent event = Events.load("change-user.json");
        event.setRuleParameters(parameters);

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void howVerdictsAreRecordedIsReadBesideTheCriteria() {
        ConfigEvent event = Events.load("scheduled.json");
        event.setRuleParameters("{\"refreshDays\":\" 30 \",\"recordUnchanged\":true,\"setupWindowSeconds\":\"60\"}");

        ConfigInvocation invocation = ConfigInvocationParser.parse(event);

        assertThat(invocation.recording()).isEqualTo(new RecordingParameters(30, true));
        assertThat(invocation.parameters().setupWindowSeconds()).isEqualTo(60);
        assertThat(ConfigInvocationParser.parse(Events.load("scheduled.json")).recording())
                .isEqualTo(RecordingParameters.DEFAULTS);
    }

    @Test
    void numbersAndBooleansAreAcceptedAsParameterValues() {
        ConfigEvent event = Events.load("change-user.json");
        event.setRuleParameters("{\"setupWindowSeconds\":30,\"requireNeverUsed\":true}");

        assertThat(ConfigInvocationParser.parse(event).parameters())
                .isEqualTo(new RuleParameters(30, true, RuleParameters.DEFAULT_INCLUDE_INACTIVE_KEYS, Optional.empty()));
    }

    @Test
    void anInvokingEventThatIsNotJsonIsRefused() {
        ConfigEvent event = Events.load("change-user.json");
        event.setInvokingEvent("<xml/>");

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class).hasMessageStartingWith("invokingEvent is not JSON");
    }

    @Test
    void anUnknownMessageTypeIsRefusedNamingTheKnownOnes() {
        ConfigEvent event = Events.withInvokingEvent("change-user.json",
                invoking -> invoking.addProperty("messageType", "ComplianceChangeNotification"));

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("unknown messageType 'ComplianceChangeNotification': expected one of "
                        + "ConfigurationItemChangeNotification, OversizedConfigurationItemChangeNotification, "
                        + "ScheduledNotification");
    }

    @Test
    void aChangeNotificationWithoutItsItemIsRefused() {
        ConfigEvent event = Events.withInvokingEvent("change-user.json", invoking -> invoking.remove("configurationItem"));

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("invokingEvent has no configurationItem object");
    }

    @Test
    void aScheduledNotificationWithoutItsTimeIsRefused() {
        ConfigEvent event = Events.withInvokingEvent("scheduled.json", invoking -> invoking.remove("notificationCreationTime"));

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("invokingEvent has no notificationCreationTime");
    }

    @Test
    void aMissingResultTokenIsRefused() {
        ConfigEvent event = Events.load("change-user.json");
        event.setResultToken(null);

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class).hasMessage("the event has no resultToken");
    }

    // Regressions found by the property tests of Config events and rule parameters (now ConfigRuleHandlerFuzzTest
    // and RuleParameterFuzzTest).

    @Test
    void aMessageTypeWithControlCharactersIsShownEscapedOnOneLine() {
        // Was: the value went into the message as it came, line break included.
        ConfigEvent event = Events.withInvokingEvent("change-user.json",
                invoking -> invoking.addProperty("messageType", "\u0000\n"));

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith("unknown messageType '\\u0000\\u000a': expected one of")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aResourceTypeThatIsNotAStringIsRefusedRatherThanEvaluated() {
        // Was: the number read as the type "0", and NOT_APPLICABLE written for resource type 0.
        ConfigEvent event = Events.withInvokingEvent("change-user.json",
                invoking -> invoking.getAsJsonObject("configurationItem").addProperty("resourceType", 0));

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("invokingEvent.configurationItem.resourceType is a number, not a string");
    }

    @Test
    void aResourceNameThatIsNotAStringIsRefusedRatherThanIgnored() {
        // Was: an array in resourceName was passed over for configuration.userName, and the user evaluated.
        ConfigEvent event = Events.withInvokingEvent("change-user.json", invoking -> {
            JsonObject item = invoking.getAsJsonObject("configurationItem");
            JsonArray names = new JsonArray();
            names.add("alice");
            item.add("resourceName", names);
        });

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessage("invokingEvent.configurationItem.resourceName is an array, not a string");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "single quotes|quotes|invokingEvent is not JSON: malformed JSON at line 1 column 3",
        "a comment|/* Config */|invokingEvent is not JSON: malformed JSON at line 1 column 2",
        "a trailing comma|,}|invokingEvent is not JSON: Expected name at line 1 column",
        "a name twice|twice|invokingEvent is not JSON: the name 'messageType' appears twice in one object",
        "a second value|{}|invokingEvent is not JSON: malformed JSON at line 1 column"
    })
    void anInvokingEventInJsonConfigDoesNotWriteIsRefused(String what, String change, String message) {
        // Was: Gson's lenient parser read these, and the rule wrote a verdict from them.
        ConfigEvent event = Events.load("change-user.json");
        String json = event.getInvokingEvent();
        event.setInvokingEvent(switch (change) {
            case "quotes" -> json.replace('"', '\'');
            case ",}" -> json.substring(0, json.length() - 1) + ",}";
            case "twice" -> json.substring(0, json.length() - 1) + ",\"messageType\":\"ScheduledNotification\"}";
            case "{}" -> json + "{}";
            default -> change + json;
        });

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "resourceName|al ice|resourceName 'al ice' is not an IAM user name",
        "resourceName|alice\\u0000|resourceName 'alice\\u0000' is not an IAM user name",
        "resourceId|AIDA|resourceId 'AIDA' is not an IAM user id",
        "resourceType|'AWS::IAM::User '|resourceType 'AWS::IAM::User ' is not a resource type"
    })
    void anItemThatCannotNameAnIamUserIsRefused(String field, String value, String message) {
        // Hardening next to the properties: these were looked up in IAM, or written to Config, as they came.
        ConfigEvent event = Events.withInvokingEvent("change-user.json", invoking -> invoking
                .getAsJsonObject("configurationItem").addProperty(field, value.replace("\\u0000", "\u0000")));

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith("invokingEvent.configurationItem." + message);
    }

    @ParameterizedTest(name = "ruleParameters {0} -> fails: {1}")
    @CsvSource(delimiter = '|', value = {
        "{setupWindowSeconds:60}|ruleParameters is not JSON: malformed JSON at line 1 column 3",
        "{\"setupWindowSeconds\":\"abc\",\"setupWindowSeconds\":\"60\"}|ruleParameters is not JSON: the name "
                + "'setupWindowSeconds' appears twice in one object",
        "{\"setupWindowSeconds\":\"+60\"}|rule parameter setupWindowSeconds has invalid value '+60'",
        "{\"setupWindowSeconds\":\"٣٦٠٠\"}|rule parameter setupWindowSeconds has invalid value '٣٦٠٠'",
        "{\"exemptTag\":\"truE\\u0000\"}|rule parameter exemptTag has invalid value 'truE\\u0000'",
        "{\"setupWindowSeconds\\u0000\":\"60\"}|rule parameter setupWindowSeconds\\u0000: expected one of"
    })
    void parametersThePropertiesCaughtAreRefusedOnOneLine(String parameters, String message) {
        // Was: accepted (lenient JSON; the last of two values; a sign or Arabic-Indic digits read by
        // Long.parseLong; a tag no IAM tag can match), or refused with the control character in the message.
        ConfigEvent event = Events.load("change-user.json");
        event.setRuleParameters(parameters);

        assertThatThrownBy(() -> ConfigInvocationParser.parse(event))
                .isInstanceOf(InvalidInvocationException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\u0000");
    }
}
