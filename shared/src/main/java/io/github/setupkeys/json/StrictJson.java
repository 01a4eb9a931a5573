package io.github.setupkeys.json;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import io.github.setupkeys.text.InputText;
import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads JSON the way AWS writes it, and nothing looser: one value, RFC 8259 syntax (no comments, unquoted
 * names, single quotes or trailing commas, all of which Gson's default parser accepts), and no name twice in
 * an object, where a reader could not tell which value counts. Nesting is bounded by Gson (255 levels).
 */
public final class StrictJson {

    private StrictJson() {
    }

    /**
     * The JSON value {@code text} holds.
     *
     * @throws JsonSyntaxException when it holds none, with a one-line message saying what is wrong and where
     */
    public static JsonElement parse(String text) {
        try {
            JsonReader scan = reader(text);
            checkNames(scan);
            if (scan.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonSyntaxException("more than one JSON value");
            }
        } catch (IOException malformed) {
            throw new JsonSyntaxException(describe(malformed));
        }
        // Every token has been read strictly above, so this cannot fail.
        return JsonParser.parseReader(reader(text));
    }

    private static JsonReader reader(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        return reader;
    }

    /** Reads one value token by token, refusing an object that names a member twice. */
    private static void checkNames(JsonReader reader) throws IOException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                reader.beginObject();
                Set<String> names = new HashSet<>();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (!names.add(name)) {
                        throw new JsonSyntaxException("the name " + InputText.quote(name) + " appears twice in one object");
                    }
                    checkNames(reader);
                }
                reader.endObject();
            }
            case BEGIN_ARRAY -> {
                reader.beginArray();
                while (reader.hasNext()) {
                    checkNames(reader);
                }
                reader.endArray();
            }
            case BOOLEAN -> reader.nextBoolean();
            case NULL -> reader.nextNull();
            // Read, not skipped: skipping does not check what a string holds.
            default -> reader.nextString();
        }
    }

    /** Gson's description, without its advice to parse leniently, the JSON path (it can hold input) or a link. */
    private static String describe(IOException malformed) {
        String message = String.valueOf(malformed.getMessage());
        int end = message.indexOf(" path $");
        message = (end < 0 ? message : message.substring(0, end)).lines().findFirst().orElse("")
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
        return InputText.clean(message.isBlank() ? "malformed JSON" : message);
    }
}
