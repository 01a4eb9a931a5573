package io.github.setupkeys.trigger;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Messages of the buffer queue as Lambda hands them to the trigger: real-shaped EventBridge events from
 * {@code src/test/resources/events/iam}, as the rule's SQS target delivers them (the event is the body).
 */
public final class QueueMessages {

    private QueueMessages() {
    }

    /** The fixture's JSON. */
    public static String event(String name) {
        try (InputStream in = QueueMessages.class.getResourceAsStream("/events/iam/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no IAM event fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture with its {@code time} (and {@code detail.eventTime}) set to {@code time}. */
    public static String event(String name, Instant time) {
        JsonObject event = JsonParser.parseString(event(name)).getAsJsonObject();
        event.addProperty("time", time.toString());
        event.getAsJsonObject("detail").addProperty("eventTime", time.toString());
        return event.toString();
    }

    /** A message with id {@code id}, receipt handle {@code receipt-<id>} and {@code body}. */
    public static SQSEvent.SQSMessage message(String id, String body) {
        return message(id, "receipt-" + id, body);
    }

    public static SQSEvent.SQSMessage message(String id, String receiptHandle, String body) {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setReceiptHandle(receiptHandle);
        message.setBody(body);
        message.setEventSource("aws:sqs");
        message.setEventSourceArn("arn:aws:sqs:us-east-1:111122223333:IamUserSetupKeysRule-NearRealTimeBuffer");
        return message;
    }

    public static SQSEvent batch(SQSEvent.SQSMessage... messages) {
        return batch(List.of(messages));
    }

    public static SQSEvent batch(List<SQSEvent.SQSMessage> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.copyOf(messages));
        return event;
    }
}
