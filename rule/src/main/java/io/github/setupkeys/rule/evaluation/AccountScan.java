package io.github.setupkeys.rule.evaluation;

import java.util.List;

/**
 * The verdicts for every user of an account, and how they were reached: how many users were confirmed with live
 * calls, and whether every user was, because no credential report could be had.
 */
public record AccountScan(List<UserResult> results, int candidates, boolean withoutReport) {

    public AccountScan {
        results = List.copyOf(results);
    }
}
