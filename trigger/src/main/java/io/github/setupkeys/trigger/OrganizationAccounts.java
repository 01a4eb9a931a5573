package io.github.setupkeys.trigger;

import io.github.setupkeys.text.InputText;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The accounts an organization's trigger serves: any account, but those the deployment leaves out. Which accounts
 * belong to the organization is not the code's to decide: only they may put events on the central bus (its policy's
 * {@code aws:PrincipalOrgID}), and the trigger may assume roles only in them ({@code aws:ResourceOrgID}). Accounts
 * join later without a deployment, so no list of members could stay true.
 *
 * @param excluded twelve-digit account ids whose events are ignored and counted as foreign
 */
public record OrganizationAccounts(Set<String> excluded) implements EventAccounts {

    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    public OrganizationAccounts {
        excluded = Set.copyOf(excluded);
        for (String id : excluded) {
            if (!ACCOUNT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException(InputText.quote(id) + " is not an account id: expected 12 digits");
            }
        }
    }

    /** The accounts of a comma-separated list; an empty list leaves no account out. */
    public static OrganizationAccounts excluding(String commaSeparated) {
        return new OrganizationAccounts(commaSeparated.isBlank() ? Set.of()
                : new TreeSet<>(Arrays.stream(commaSeparated.split(",", -1)).map(String::strip).toList()));
    }

    @Override
    public boolean allows(String account) {
        return ACCOUNT_ID.matcher(account).matches() && !excluded.contains(account);
    }

    /** The excluded accounts as {@link #excluding} reads them, sorted. */
    @Override
    public String toString() {
        return String.join(",", new TreeSet<>(excluded));
    }
}
