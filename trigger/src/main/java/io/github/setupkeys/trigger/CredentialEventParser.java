package io.github.setupkeys.trigger;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads one message of the buffer queue: the EventBridge event, as the rule's SQS target delivers it. A
 * message that is not an IAM event able to change a verdict is {@link QueuedMessage.Ignored ignored} with a
 * reason, never an exception: a message that cannot be read now cannot be read later either, so retrying it
 * would only loop.
 */
public final class CredentialEventParser {

    private CredentialEventParser() {
    }

    public static QueuedMessage parse(String messageId, String receiptHandle, String body) {
        JsonObject event;
        try {
            JsonElement parsed = body == null ? null : JsonParser.parseString(body);
            event = parsed != null && parsed.isJsonObject() ? parsed.getAsJsonObject() : null;
        } catch (JsonParseException notJson) {
            event = null;
        }
        if (event == null) {
            return new QueuedMessage.Ignored(messageId, "not a JSON object");
        }
        if (!CredentialEvents.SOURCE.equals(text(event, "source").orElse(null))
                || !CredentialEvents.DETAIL_TYPE.equals(text(event, "detail-type").orElse(null))) {
            return new QueuedMessage.Ignored(messageId, "not an IAM event delivered by CloudTrail (source "
                    + text(event, "source").orElse("missing") + ", detail-type "
                    + text(event, "detail-type").orElse("missing") + ")");
        }
        JsonElement detailElement = event.get("detail");
        if (detailElement == null || !detailElement.isJsonObject()) {
            return new QueuedMessage.Ignored(messageId, "no detail object");
        }
        JsonObject detail = detailElement.getAsJsonObject();
        Optional<String> name = text(detail, "eventName");
        if (name.isEmpty() || !CredentialEvents.NAMES.contains(name.get())) {
            return new QueuedMessage.Ignored(messageId, "event " + name.orElse("without eventName")
                    + " cannot change a verdict");
        }
        if (detail.has("errorCode") && !detail.get("errorCode").isJsonNull()) {
            return new QueuedMessage.Ignored(messageId, name.get() + " failed ("
                    + text(detail, "errorCode").orElse("error") + "): it changed nothing");
        }
        Optional<Instant> time = text(event, "time").flatMap(CredentialEventParser::instant);
        if (time.isEmpty()) {
            return new QueuedMessage.Ignored(messageId, name.get() + " without a readable time");
        }
        return new QueuedMessage.Trigger(new CredentialEvent(messageId, receiptHandle, name.get(), time.get()));
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
