package io.github.setupkeys.it.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The field rules of one OCSF event class, as {@code test/src/test/python/ocsf_rules.py} derived them from the
 * schema (test resource {@code ocsf/}), applied to an event: every attribute known to its object and of its type, not
 * deprecated, of a profile the event lists; every required attribute present; enum ids in their enum and captions
 * equal to the enum's; the class's fixed ids and {@code type_uid = class_uid * 100 + activity_id}; the objects'
 * constraints ({@code at_least_one}, {@code just_one}); timestamps in milliseconds.
 */
public final class OcsfRules {

    /** The rules of OCSF 1.6.0's Compliance Finding, the class and version the scan's ocsf format writes. */
    public static final String COMPLIANCE_FINDING_1_6_0 = "/ocsf/ocsf-1.6.0-compliance-finding.rules.json";
    /** Before 1973 in milliseconds, or after 5138 in seconds: a time below this was written in seconds. */
    private static final long MILLISECONDS_FROM = 100_000_000_000L;
    /** The enum value whose caption the event source chooses. */
    private static final String OTHER = "99";
    /** Checked against the class itself rather than against the dictionary's enums, which name only the base event. */
    private static final Set<String> CLASSIFICATION = Set.of("class_uid", "category_uid", "type_uid");

    private final JsonObject rules;

    private OcsfRules(JsonObject rules) {
        this.rules = rules;
    }

    public static OcsfRules load(String resource) {
        try (InputStream in = OcsfRules.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no OCSF rules at " + resource + " on the class path");
            }
            return new OcsfRules(JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getAsJsonObject());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema version the rules were derived from. */
    public String version() {
        return rules.getAsJsonObject("provenance").get("version").getAsString();
    }

    /** What is wrong with {@code event}, one line each; empty when nothing is. */
    public List<String> violations(JsonObject event) {
        List<String> violations = new ArrayList<>();
        Set<String> profiles = new HashSet<>();
        if (event.has("metadata") && event.getAsJsonObject("metadata").has("profiles")) {
            event.getAsJsonObject("metadata").getAsJsonArray("profiles").forEach(p -> profiles.add(p.getAsString()));
        }
        object(rules.getAsJsonObject("attributes"), rules.getAsJsonObject("constraints"), event, "", "the event",
                profiles, violations);
        classification(event, violations);
        return violations;
    }

    private void object(JsonObject attributes, JsonObject constraints, JsonObject value, String where, String what,
            Set<String> profiles, List<String> violations) {
        for (Map.Entry<String, JsonElement> entry : value.entrySet()) {
            String path = where + entry.getKey();
            JsonObject rule = attributes.getAsJsonObject(entry.getKey());
            if (rule == null) {
                violations.add(path + " is not an attribute of " + what);
                continue;
            }
            String profile = profile(rule);
            if (profile != null && !profiles.contains(profile)) {
                violations.add(path + " belongs to the profile " + profile + ", which metadata.profiles does not list");
            }
            if (rule.get("deprecated").getAsBoolean()) {
                violations.add(path + " is deprecated");
            }
            value(rule, entry.getValue(), path, profiles, violations);
            if (rule.has("enum") && !CLASSIFICATION.contains(path)) {
                enumValue(rule, entry.getValue(), value, path, where, violations);
            }
        }
        for (Map.Entry<String, JsonElement> attribute : attributes.entrySet()) {
            JsonObject rule = attribute.getValue().getAsJsonObject();
            String profile = profile(rule);
            if (rule.get("requirement").getAsString().equals("required") && (profile == null || profiles.contains(profile))
                    && !value.has(attribute.getKey())) {
                violations.add(where + attribute.getKey() + " is required");
            }
        }
        constraints(constraints, value, where, what, violations);
    }

    private void value(JsonObject rule, JsonElement value, String path, Set<String> profiles, List<String> violations) {
        if (rule.get("array").getAsBoolean()) {
            if (!value.isJsonArray()) {
                violations.add(path + " is not an array");
                return;
            }
            JsonArray items = value.getAsJsonArray();
            for (int i = 0; i < items.size(); i++) {
                single(rule, items.get(i), path + "[" + i + "]", profiles, violations);
            }
        } else {
            single(rule, value, path, profiles, violations);
        }
    }

    private void single(JsonObject rule, JsonElement value, String path, Set<String> profiles, List<String> violations) {
        if (!rule.get("object").isJsonNull()) {
            String name = rule.get("object").getAsString();
            JsonObject object = rules.getAsJsonObject("objects").getAsJsonObject(name);
            if (object == null) {
                violations.add(path + " is an object " + name + ", which these rules leave out: derive them again with "
                        + "it in --only");
            } else if (!value.isJsonObject()) {
                violations.add(path + " is not an object " + name);
            } else {
                object(object.getAsJsonObject("attributes"), object.getAsJsonObject("constraints"), value.getAsJsonObject(),
                        path + ".", "the object " + name, profiles, violations);
            }
            return;
        }
        String type = rule.get("base_type").getAsString();
        JsonPrimitive primitive = value.isJsonPrimitive() ? value.getAsJsonPrimitive() : null;
        boolean fits = switch (type) {
            case "string_t" -> primitive != null && primitive.isString();
            case "integer_t", "long_t" -> primitive != null && primitive.isNumber() && integral(primitive);
            case "float_t" -> primitive != null && primitive.isNumber();
            case "boolean_t" -> primitive != null && primitive.isBoolean();
            case "json_t" -> true;
            default -> throw new IllegalStateException(path + ": base type " + type + " is not known to this check");
        };
        if (!fits) {
            violations.add(path + " is not a " + rule.get("type").getAsString() + " (" + type + "): " + value);
        } else if (rule.get("type").getAsString().equals("timestamp_t") && primitive.getAsLong() < MILLISECONDS_FROM) {
            violations.add(path + " is " + primitive.getAsLong() + ": timestamp_t is epoch milliseconds, this looks like "
                    + "seconds");
        }
    }

    /** An enum id in its enum; its sibling (the caption attribute) equal to the id's caption, unless the id is Other. */
    private static void enumValue(JsonObject rule, JsonElement value, JsonObject holder, String path, String where,
            List<String> violations) {
        if (!value.isJsonPrimitive()) {
            return;
        }
        String id = value.getAsString();
        JsonObject enumeration = rule.getAsJsonObject("enum");
        if (!enumeration.has(id)) {
            violations.add(path + " is " + id + ", not one of " + enumeration.keySet());
            return;
        }
        if (rule.has("sibling") && holder.has(rule.get("sibling").getAsString()) && !id.equals(OTHER)) {
            String sibling = rule.get("sibling").getAsString();
            String caption = enumeration.get(id).getAsString();
            if (!holder.get(sibling).getAsString().equals(caption)) {
                violations.add(where + sibling + " is '" + holder.get(sibling).getAsString() + "', not '" + caption
                        + "', the caption of " + path + " " + id);
            }
        }
    }

    private static void constraints(JsonObject constraints, JsonObject value, String where, String what,
            List<String> violations) {
        for (Map.Entry<String, JsonElement> constraint : constraints.entrySet()) {
            List<String> names = constraint.getValue().getAsJsonArray().asList().stream().map(JsonElement::getAsString)
                    .toList();
            long present = names.stream().filter(value::has).count();
            boolean holds = switch (constraint.getKey()) {
                case "at_least_one" -> present >= 1;
                case "just_one" -> present == 1;
                default -> throw new IllegalStateException("constraint " + constraint.getKey() + " is not known to this "
                        + "check");
            };
            if (!holds) {
                violations.add((where.isEmpty() ? what : where.substring(0, where.length() - 1)) + " breaks "
                        + constraint.getKey() + " " + names);
            }
        }
    }

    /** The class's own ids and captions, and {@code type_uid = class_uid * 100 + activity_id}. */
    private void classification(JsonObject event, List<String> violations) {
        JsonObject eventClass = rules.getAsJsonObject("class");
        expect(event, "class_uid", eventClass.get("uid").getAsLong(), violations);
        expect(event, "category_uid", eventClass.get("category_uid").getAsLong(), violations);
        caption(event, "class_name", eventClass.get("caption").getAsString(), violations);
        caption(event, "category_name", eventClass.get("category_caption").getAsString(), violations);
        if (event.has("activity_id") && event.get("activity_id").isJsonPrimitive()) {
            long activity = event.get("activity_id").getAsLong();
            long classUid = event.has("class_uid") ? event.get("class_uid").getAsLong() : eventClass.get("uid").getAsLong();
            expect(event, "type_uid", classUid * 100 + activity, violations);
            JsonObject activities = rules.getAsJsonObject("attributes").getAsJsonObject("activity_id").getAsJsonObject("enum");
            if (activities.has(Long.toString(activity)) && activity != Long.parseLong(OTHER)) {
                caption(event, "type_name", eventClass.get("caption").getAsString() + ": "
                        + activities.get(Long.toString(activity)).getAsString(), violations);
            }
        }
    }

    private static void expect(JsonObject event, String name, long expected, List<String> violations) {
        if (event.has(name) && event.get(name).isJsonPrimitive() && event.get(name).getAsLong() != expected) {
            violations.add(name + " is " + event.get(name).getAsLong() + ", not " + expected);
        }
    }

    private static void caption(JsonObject event, String name, String expected, List<String> violations) {
        if (event.has(name) && !event.get(name).getAsString().equals(expected)) {
            violations.add(name + " is '" + event.get(name).getAsString() + "', not '" + expected + "'");
        }
    }

    private static String profile(JsonObject rule) {
        return rule.get("profile").isJsonNull() ? null : rule.get("profile").getAsString();
    }

    private static boolean integral(JsonPrimitive number) {
        return number.getAsBigDecimal().stripTrailingZeros().scale() <= 0;
    }
}
