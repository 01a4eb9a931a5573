package io.github.setupkeys.rule.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a periodic run records its verdicts in AWS Config (design.md §2.12): parameters of the Config rule only,
 * since they change what is sent, never a verdict. The {@code scan} command and the remediation have no use for
 * them, so they are kept apart from {@link RuleParameters}, the criteria that decide a verdict.
 *
 * @param refreshDays an unchanged result is recorded again once in this many days, each user at its own time
 * @param recordUnchanged {@code true}: every periodic run records every user's verdict, changed or not
 */
public record RecordingParameters(int refreshDays, boolean recordUnchanged) {

    public static final String REFRESH_DAYS = "refreshDays";
    public static final String RECORD_UNCHANGED = "recordUnchanged";

    public static final int DEFAULT_REFRESH_DAYS = 7;
    /**
     * Below Security Hub's 90 days, after which it deletes a finding that saw no update (design.md §2.12 says what
     * a re-assertion can and cannot do about that).
     */
    public static final int MAX_REFRESH_DAYS = 89;
    public static final boolean DEFAULT_RECORD_UNCHANGED = false;

    public static final RecordingParameters DEFAULTS =
            new RecordingParameters(DEFAULT_REFRESH_DAYS, DEFAULT_RECORD_UNCHANGED);

    /** Both names, in the order the documentation lists them. */
    public static final List<String> NAMES = List.of(REFRESH_DAYS, RECORD_UNCHANGED);

    private static final String DAYS_FORM = "an integer number of days from 1 to " + MAX_REFRESH_DAYS;
    /**
     * ASCII digits only, as for setupWindowSeconds: Integer.parseInt would take a sign and digits of any script.
     * Nine at most, so that any of them parses; the range is checked after.
     */
    private static final Pattern DAYS_DIGITS = Pattern.compile("[0-9]{1,9}");

    public RecordingParameters {
        if (refreshDays < 1 || refreshDays > MAX_REFRESH_DAYS) {
            throw new InvalidParameterException(REFRESH_DAYS, Integer.toString(refreshDays), DAYS_FORM);
        }
    }

    /**
     * Reads the two parameters from {@code parameters}, which may hold other names (the caller sorts those out);
     * absent or blank values take the defaults.
     */
    public static RecordingParameters fromMap(Map<String, String> parameters) {
        return new RecordingParameters(
                RuleParameters.value(parameters, REFRESH_DAYS, true).map(RecordingParameters::parseDays)
                        .orElse(DEFAULT_REFRESH_DAYS),
                RuleParameters.value(parameters, RECORD_UNCHANGED, true)
                        .map(text -> RuleParameters.parseBoolean(RECORD_UNCHANGED, text))
                        .orElse(DEFAULT_RECORD_UNCHANGED));
    }

    /** These parameters as the string map Config would pass, defaults included. */
    public Map<String, String> toMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(REFRESH_DAYS, Integer.toString(refreshDays));
        map.put(RECORD_UNCHANGED, Boolean.toString(recordUnchanged));
        return map;
    }

    private static int parseDays(String text) {
        int days = DAYS_DIGITS.matcher(text).matches() ? Integer.parseInt(text) : 0;
        if (days < 1 || days > MAX_REFRESH_DAYS) {
            throw new InvalidParameterException(REFRESH_DAYS, text, DAYS_FORM);
        }
        return days;
    }
}
