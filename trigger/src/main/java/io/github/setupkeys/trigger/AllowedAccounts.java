package io.github.setupkeys.trigger;

import io.github.setupkeys.text.InputText;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The accounts whose IAM events may start a re-evaluation: the one place that decides it. A single-account
 * deployment lists its own account (the EventBridge rules are bound to it too); an event that says it comes from
 * any other account is ignored, so nothing outside this set can spend the daily cap.
 *
 * @param ids twelve-digit account ids, at least one
 */
public record AllowedAccounts(Set<String> ids) implements EventAccounts {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public AllowedAccounts {
        ids = Set.copyOf(ids);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no account is allowed: expected one or more 12-digit account ids");
        }
        for (String id : ids) {
            if (!ACCOUNT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(InputText.quote(id) + " is not an account id: expected 12 digits");
            }
        }
    }

    /** The accounts of a comma-separated list ({@code 111122223333,444455556666}). */
    public static AllowedAccounts parse(String commaSeparated) {
        return new AllowedAccounts(new TreeSet<>(Arrays.stream(commaSeparated.split(",", -1)).map(String::strip)
                .toList()));
    }

    @Override
    public boolean allows(String account) {
        return ids.contains(account);
    }

    /** The list as {@link #parse} reads it, sorted. */
    @Override
    public String toString() {
        return String.join(",", new TreeSet<>(ids));
    }
}
