package io.github.setupkeys.rule.domain;

import java.util.regex.Pattern;

/** How AWS spells the IAM names, account ids and regions the rule reads and the deployment writes. */
public final class IamNames {

    /** An IAM user or role name: letters, digits and {@code +=,.@_-}, so never a colon or a slash. */
    public static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    /** {@link #NAME} in words, for messages. */
    public static final String NAME_FORM = "1-64 letters, digits and +=,.@_-";
    /** A role name after an optional path ({@code ops/team/Exec}). */
    public static final Pattern NAME_AFTER_PATH = Pattern.compile("([\\w+=,.@-]+/)*" + NAME.pattern());
    /** An AWS account id: 12 digits. */
    public static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    /** An AWS region's name ({@code eu-west-1}, {@code us-gov-west-1}). */
    public static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    private IamNames() {
    }
}
