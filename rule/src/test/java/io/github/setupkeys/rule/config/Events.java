package io.github.setupkeys.rule.config;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Real-shaped Config events from {@code src/test/resources/events}, optionally edited, read as the Lambda Java
 * runtime reads them: with the serializer it uses for {@code aws-lambda-java-events} types
 * ({@code LambdaEventSerializers}: unknown fields ignored, its own date handling), not with a parser of ours.
 */
public final class Events {

    private static final PojoSerializer<ConfigEvent> RUNTIME =
            LambdaEventSerializers.serializerFor(ConfigEvent.class, Events.class.getClassLoader());

    private Events() {
    }

    public static ConfigEvent load(String name) {
        return read(json(name));
    }

    /** {@code json} as the Lambda Java runtime hands it to the handler. */
    public static ConfigEvent read(String json) {
        return RUNTIME.fromJson(json);
    }

    /** The event with its invoking event edited by {@code edit}. */
    public static ConfigEvent withInvokingEvent(String name, Consumer<JsonObject> edit) {
        ConfigEvent event = load(name);
        JsonObject invoking = JsonParser.parseString(event.getInvokingEvent()).getAsJsonObject();
        edit.accept(invoking);
        event.setInvokingEvent(invoking.toString());
        return event;
    }

    public static String json(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no event fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
