package io.github.setupkeys.rule.config;

import io.github.setupkeys.rule.evaluation.IamFacts;
import java.util.Objects;

/** What the rule needs of one account: its IAM facts, its Config, and a count of the calls made there. */
public record AccountConnection(IamFacts iam, ConfigApi config, CallCounts calls) {

    public AccountConnection {
        Objects.requireNonNull(iam, "iam");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(calls, "calls");
    }
}
