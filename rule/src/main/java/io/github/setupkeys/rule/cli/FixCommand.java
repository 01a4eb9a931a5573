package io.github.setupkeys.rule.cli;

import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.OffendingKey;

/** The AWS CLI command that deactivates an offending key, quoted for a POSIX shell. */
final class FixCommand {

    /** What to do with the keys the commands name. */
    static final String ADVICE = "deactivate first; delete once nothing breaks";

    private FixCommand() {
    }

    static String forKey(IamUser user, OffendingKey key, boolean offline) {
        String userArg = userNameArgument(user.userName());
        if (offline) {
            // A credential report names slots, not keys: point at the key by its creation time.
            return "aws iam list-access-keys " + userArg + "   # deactivate the key created "
                    + key.key().createDate() + " (" + key.accessKeyId() + ")";
        }
        return "aws iam update-access-key " + userArg + " --access-key-id " + key.accessKeyId() + " --status Inactive";
    }

    /** {@code --user-name 'name'}; the {@code =} form keeps a name starting with '-' from reading as a flag. */
    static String userNameArgument(String userName) {
        String quoted = "'" + userName.replace("'", "'\\''") + "'";
        return userName.startsWith("-") ? "--user-name=" + quoted : "--user-name " + quoted;
    }
}
