package io.github.setupkeys.rule.config;

import com.amazonaws.services.lambda.runtime.events.ConfigEvent;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** Real-shaped Config events from {@code src/test/resources/events}, optionally edited. */
public final class Events {

    private static final Gson GSON = new Gson();

    private Events() {
    }

    public static ConfigEvent load(String name) {
        return GSON.fromJson(json(name), ConfigEvent.class);
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
