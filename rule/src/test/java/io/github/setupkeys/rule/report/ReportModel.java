package io.github.setupkeys.rule.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.google.gson.JsonParseException;
import io.github.setupkeys.rule.domain.ComplianceType;
import io.github.setupkeys.rule.domain.RuleParameters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a credential report says, written from IAM's documentation of the report (IAM User Guide, "Getting
 * credential reports"; the IAM API reference for names, paths and arns) and the README's statement of CIS 1.11,
 * sharing no code with the parser: the oracle of the mutated-report fuzz test. It reads a text into the users it
 * states, or says why IAM cannot have written it; the scan must then refuse the text, or evaluate exactly these
 * users to exactly these verdicts.
 *
 * <p>It is deliberately no stricter than the parser about how a report is delivered (forms, spaces, line ends,
 * quoting): a report the parser reads, it reads too, and then both must agree on every user.
 */
final class ReportModel {

    /** A user as its row states it. */
    record User(String name, String arn, Instant created, boolean password, List<Key> keys) {
    }

    /** A key slot that holds a key. */
    record Key(int slot, boolean active, Instant created, boolean used) {
    }

    /** What the rule says about one user: its verdict and the slots that make it NON_COMPLIANT. */
    record Verdict(String name, String arn, ComplianceType complianceType, List<String> offendingSlots) {
    }

    /** The users of a report that states each of them consistently, or why the text is not such a report. */
    record Reading(Optional<List<User>> users, String why) {
        static Reading of(List<User> users) {
            return new Reading(Optional.of(List.copyOf(users)), "");
        }

        static Reading refused(String why) {
            return new Reading(Optional.empty(), why);
        }
    }

    /** "Not applicable" in a column: N/A, and the markers IAM writes for the root account and untracked use. */
    private static final Set<String> NOT_APPLICABLE = Set.of("N/A", "not_supported", "no_information");
    /** API reference, CreateUser: UserName [\w+=,.@-]+, 1 to 64 characters. */
    private static final Pattern USER_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    /** API reference, CreateUser: Path "/" or "/" printable ASCII "/"; IAM ARNs: arn:partition:iam::account:user/path/name. */
    private static final Pattern USER_ARN = Pattern.compile("(arn:aws[a-z-]*:iam::\\d{12}):user(/|/[\\x21-\\x7e]+/)([^/]+)");
    private static final Pattern ROOT_ARN = Pattern.compile("(arn:aws[a-z-]*:iam::\\d{12}):root");
    private static final Pattern SLOT_ACTIVE = Pattern.compile("access_key_(\\d+)_active");
    private static final Pattern SLOT_NUMBER = Pattern.compile("[1-9][0-9]?");
    private static final String ROOT = "<root_account>";
    /** RFC 4180: a field quoted (quotes inside doubled) or not (no quote, no comma), then a comma or the end. */
    private static final Pattern RFC4180_FIELD = Pattern.compile("\\G(?:\"((?:[^\"]++|\"\")*+)\"|([^\",]*+))(,|$)");

    private ReportModel() {
    }

    /** The users {@code text} states, in order, or why it states none consistently. */
    static Reading read(String text) {
        Optional<String> csv = csv(withoutByteOrderMark(text)).map(ReportModel::withoutByteOrderMark);
        if (csv.isEmpty()) {
            return Reading.refused("no CSV in it");
        }
        List<String> lines = csv.get().lines().filter(line -> !line.isBlank()).toList();
        if (lines.isEmpty()) {
            return Reading.refused("empty");
        }
        Optional<Header> header = Header.of(lines.get(0).strip());
        if (header.isEmpty()) {
            return Reading.refused("no header");
        }
        List<User> users = new ArrayList<>();
        Map<String, String> accountOf = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            Optional<Row> row = header.get().row(Arrays.asList(line.split(",", -1)));
            if (row.isEmpty() && line.contains("\"")) {
                row = rfc4180(line).flatMap(header.get()::row);
            }
            if (row.isEmpty()) {
                return Reading.refused("a row IAM cannot have written: " + line);
            }
            // IAM user names are unique ignoring case; a report is one account's.
            if (!names.add(row.get().name().toLowerCase(Locale.ROOT))) {
                return Reading.refused("one user twice: " + row.get().name());
            }
            accountOf.putIfAbsent("account", row.get().account());
            if (!accountOf.get("account").equals(row.get().account())) {
                return Reading.refused("two accounts");
            }
            row.get().user().ifPresent(users::add);
        }
        if (names.isEmpty()) {
            return Reading.refused("no row at all, not even the root account's");
        }
        return Reading.of(users);
    }

    /** CIS 1.11 as the README states it, for each user. */
    static List<Verdict> evaluate(List<User> users, RuleParameters parameters) {
        return users.stream().map(user -> {
            if (!user.password()) {
                return new Verdict(user.name(), user.arn(), ComplianceType.NOT_APPLICABLE, List.of());
            }
            List<String> offending = user.keys().stream().filter(key -> {
                // Times are compared to the second, as IAM gives them.
                long after = Duration.between(user.created().truncatedTo(ChronoUnit.SECONDS),
                        key.created().truncatedTo(ChronoUnit.SECONDS)).getSeconds();
                return after >= 0 && after <= parameters.setupWindowSeconds()
                        && (key.active() || parameters.includeInactiveKeys())
                        && !(key.used() && parameters.requireNeverUsed());
            }).map(key -> "access_key_" + key.slot()).toList();
            return new Verdict(user.name(), user.arn(),
                    offending.isEmpty() ? ComplianceType.COMPLIANT : ComplianceType.NON_COMPLIANT, offending);
        }).toList();
    }

    /**
     * The CSV a text delivers: itself; the {@code Content} of the awscli's JSON, base64 or already decoded (base64
     * has no comma); or the text, if it has no comma, as base64 (what {@code --query Content --output text} prints).
     */
    private static Optional<String> csv(String text) {
        if (text.stripLeading().startsWith("{")) {
            try {
                JsonElement content = JsonParser.parseString(text).getAsJsonObject().get("Content");
                String value = content.getAsJsonPrimitive().getAsString();
                return value.contains(",") ? Optional.of(value) : base64(value);
            } catch (JsonParseException | IllegalStateException | ClassCastException | NullPointerException
                    | UnsupportedOperationException notTheAwsCliJson) {
                return Optional.empty();
            }
        }
        return text.contains(",") ? Optional.of(text) : base64(text.strip());
    }

    /** A file saved with a byte order mark is the same file. */
    private static String withoutByteOrderMark(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Optional<String> base64(String text) {
        try {
            return Optional.of(new String(Base64.getDecoder().decode(text.replaceAll("[\\r\\n]", "")),
                    StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
    }

    /** The fields of an RFC 4180 record: each unquoted without quotes, or quoted with quotes doubled inside. */
    private static Optional<List<String>> rfc4180(String line) {
        Matcher field = RFC4180_FIELD.matcher(line);
        List<String> fields = new ArrayList<>();
        while (field.find()) {
            fields.add(field.group(1) != null ? field.group(1).replace("\"\"", "\"") : field.group(2));
            if (field.group(3).isEmpty()) {
                return Optional.of(fields);
            }
        }
        return Optional.empty();
    }

    /** One row: a user, or the root account (no user). */
    private record Row(String name, String account, Optional<User> user) {
    }

    /** The header: the position of each column, and the key slots. */
    private record Header(List<String> columns, List<Integer> slots) {

        static Optional<Header> of(String line) {
            List<String> columns = Arrays.asList(line.split(",", -1));
            if (!startsWithUserAndArn(columns) && line.contains("\"")) {
                columns = rfc4180(line).filter(Header::startsWithUserAndArn).orElse(columns);
            }
            List<Integer> slots = new ArrayList<>();
            for (String column : columns) {
                Matcher slot = SLOT_ACTIVE.matcher(column);
                if (slot.matches()) {
                    if (!SLOT_NUMBER.matcher(slot.group(1)).matches()) {
                        return Optional.empty();
                    }
                    slots.add(Integer.parseInt(slot.group(1)));
                }
            }
            List<String> needed = new ArrayList<>(List.of("user_creation_time", "password_enabled"));
            slots.forEach(n -> needed.addAll(List.of("access_key_" + n + "_last_rotated", "access_key_" + n + "_last_used_date")));
            if (!startsWithUserAndArn(columns) || slots.isEmpty() || !columns.containsAll(needed)
                    || columns.stream().distinct().count() < columns.size()) {
                return Optional.empty();
            }
            return Optional.of(new Header(columns, slots.stream().sorted().toList()));
        }

        private static boolean startsWithUserAndArn(List<String> columns) {
            return columns.size() >= 4 && columns.get(0).equals("user") && columns.get(1).equals("arn");
        }

        /**
         * The row these fields state, if it is one: name and arn first (a name may hold commas, never a colon, and
         * the arn ends with it), then one comma-free field per further column, each as IAM documents it.
         */
        Optional<Row> row(List<String> fields) {
            int rest = columns.size() - 2;
            if (fields.size() < columns.size()) {
                return Optional.empty();
            }
            String head = String.join(",", fields.subList(0, fields.size() - rest));
            int arnStart = head.indexOf(",arn:");
            if (arnStart <= 0) {
                return Optional.empty();
            }
            String name = head.substring(0, arnStart);
            String arn = head.substring(arnStart + 1);
            Map<String, String> value = new HashMap<>();
            for (int i = 2; i < columns.size(); i++) {
                value.put(columns.get(i), fields.get(fields.size() - rest + i - 2).strip());
            }
            Optional<Instant> created = time(value.get("user_creation_time"));
            if (created.isEmpty()) {
                return Optional.empty();
            }
            Optional<List<Key>> keys = keys(value, created.get());
            if (keys.isEmpty()) {
                return Optional.empty();
            }
            if (name.equals(ROOT)) {
                Matcher root = ROOT_ARN.matcher(arn);
                return root.matches() ? Optional.of(new Row(name, root.group(1), Optional.empty())) : Optional.empty();
            }
            Matcher user = USER_ARN.matcher(arn);
            Optional<Boolean> password = bool(value.get("password_enabled"));
            if (!USER_NAME.matcher(name).matches() || !user.matches() || !user.group(3).equals(name) || password.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Row(name, user.group(1), Optional.of(new User(name, arn, created.get(), password.get(),
                    keys.get()))));
        }

        /**
         * The keys of the slots, if every slot is consistent. IAM: {@code _active} is true when the slot holds a
         * key that is active; {@code _last_rotated} is when the key was created, N/A without a key;
         * {@code _last_used_date}, {@code _region} and {@code _service} are N/A together (no key, or no use since
         * IAM began tracking it); and a user's key was created after the user.
         */
        private Optional<List<Key>> keys(Map<String, String> value, Instant userCreated) {
            List<Key> keys = new ArrayList<>();
            for (int slot : slots) {
                String prefix = "access_key_" + slot + "_";
                Optional<Boolean> active = bool(value.get(prefix + "active"));
                String rotated = value.get(prefix + "last_rotated");
                String used = value.get(prefix + "last_used_date");
                boolean hasKey = !NOT_APPLICABLE.contains(rotated);
                boolean wasUsed = !NOT_APPLICABLE.contains(used);
                boolean useElsewhere = List.of("region", "service").stream()
                        .map(column -> value.get(prefix + "last_used_" + column))
                        .anyMatch(where -> where != null && !NOT_APPLICABLE.contains(where));
                Optional<Instant> created = hasKey ? time(rotated) : Optional.empty();
                boolean consistent = active.isPresent() && (!hasKey || created.isPresent())
                        && (!wasUsed || time(used).isPresent())
                        && (!active.get() || hasKey)
                        && (!wasUsed || hasKey)
                        && (wasUsed || !useElsewhere)
                        && created.map(at -> !at.isBefore(userCreated)).orElse(true);
                if (!consistent) {
                    return Optional.empty();
                }
                created.ifPresent(at -> keys.add(new Key(slot, active.get(), at, wasUsed)));
            }
            return Optional.of(keys);
        }
    }

    /** TRUE or FALSE, as IAM documents them, in any case. */
    private static Optional<Boolean> bool(String value) {
        return value.matches("(?i)true|false") ? Optional.of(value.equalsIgnoreCase("true")) : Optional.empty();
    }

    /** An ISO 8601 date-time with its offset. */
    private static Optional<Instant> time(String value) {
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notATime) {
            return Optional.empty();
        }
    }

    /** The verdicts as strings, for a readable comparison. */
    static String show(List<Verdict> verdicts) {
        return verdicts.stream().map(Verdict::toString).collect(Collectors.joining("\n"));
    }
}
