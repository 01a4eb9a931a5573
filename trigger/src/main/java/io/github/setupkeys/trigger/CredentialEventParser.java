package io.github.setupkeys.trigger;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import io.github.setupkeys.json.StrictJson;
import io.github.setupkeys.text.InputText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one message of the buffer queue: the EventBridge event, as the rule's SQS target delivers it, read as
 * strictly as the rule reads Config's events ({@link StrictJson}). A message that is not an IAM event of an
 * allowed account able to change a verdict is dropped with a reason, never an exception: a message that cannot
 * be read now cannot be read later either, so retrying it would only loop.
 *
 * <p>{@link #parseAll} reads a whole batch and logs what it drops; both handlers read their batches with it.
 */
public final class CredentialEventParser {

    private CredentialEventParser() {
    }

    public static QueuedMessage parse(String messageId, String receiptHandle, String body, EventAccounts accounts) {
        if (body == null) {
            return new QueuedMessage.Ignored(messageId, "no body");
        }
        JsonElement parsed;
        try {
            parsed = StrictJson.parse(body);
        } catch (JsonParseException notJson) {
            return new QueuedMessage.Ignored(messageId, "not JSON: " + notJson.getMessage());
        }
        if (!parsed.isJsonObject()) {
            return new QueuedMessage.Ignored(messageId, "not a JSON object");
        }
        JsonObject event = parsed.getAsJsonObject();
        Optional<String> account = text(event, "account");
        if (account.isEmpty()) {
            return new QueuedMessage.Ignored(messageId, "no account");
        }
        if (!accounts.allows(account.get())) {
            return new QueuedMessage.ForeignAccount(messageId, InputText.clean(account.get()));
        }
        if (!CredentialEvents.SOURCE.equals(text(event, "source").orElse(null))
                || !CredentialEvents.DETAIL_TYPE.equals(text(event, "detail-type").orElse(null))) {
            return new QueuedMessage.Ignored(messageId, "not an IAM event delivered by CloudTrail (source "
                    + shown(text(event, "source")) + ", detail-type " + shown(text(event, "detail-type")) + ")");
        }
        JsonElement detailElement = event.get("detail");
        if (detailElement == null || !detailElement.isJsonObject()) {
            return new QueuedMessage.Ignored(messageId, "no detail object");
        }
        JsonObject detail = detailElement.getAsJsonObject();
        Optional<String> name = text(detail, "eventName");
        if (name.isEmpty() || !CredentialEvents.NAMES.contains(name.get())) {
            return new QueuedMessage.Ignored(messageId, "event " + name.map(InputText::clean).orElse("without eventName")
                    + " cannot change a verdict");
        }
        if (detail.has("errorCode") && !detail.get("errorCode").isJsonNull()) {
            return new QueuedMessage.Ignored(messageId, name.get() + " failed ("
                    + text(detail, "errorCode").map(InputText::clean).orElse("error") + "): it changed nothing");
        }
        Optional<Instant> time = text(event, "time").flatMap(CredentialEventParser::instant);
        if (time.isEmpty()) {
            return new QueuedMessage.Ignored(messageId, name.get() + " without a readable time");
        }
        return new QueuedMessage.Trigger(new CredentialEvent(messageId, receiptHandle, account.get(),
                text(detail, "recipientAccountId"), name.get(), time.get()));
    }

    /** The batch's credential events of {@code accounts}; every other message is logged with its reason. */
    static List<CredentialEvent> parseAll(List<SQSEvent.SQSMessage> messages, EventAccounts accounts, TriggerLog log) {
        List<CredentialEvent> events = new ArrayList<>();
        for (SQSEvent.SQSMessage message : messages) {
            QueuedMessage parsed = parse(message.getMessageId(), message.getReceiptHandle(), message.getBody(), accounts);
            if (parsed instanceof QueuedMessage.Trigger trigger) {
                events.add(trigger.event());
            } else if (parsed instanceof QueuedMessage.ForeignAccount foreign) {
                log.foreign(foreign);
            } else if (parsed instanceof QueuedMessage.Ignored ignored) {
                log.ignored(ignored);
            }
        }
        return events;
    }

    private static String shown(Optional<String> value) {
        return value.map(InputText::clean).orElse("missing");
    }

    private static Optional<String> text(JsonObject object, String field) {
        JsonElement value = object.get(field);
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                ? Optional.of(value.getAsString())
                : Optional.empty();
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }
}
