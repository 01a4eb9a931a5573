package io.github.setupkeys.rule.config;

import io.github.setupkeys.rule.evaluation.IamFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The own account and member accounts (by role ARN) held in memory, remembering which roles were used. */
public final class FakeAccountAccess implements AccountAccess {

    private final AccountConnection own;
    private final Map<String, AccountConnection> members = new LinkedHashMap<>();
    private final List<String> assumedRoles = new ArrayList<>();

    public FakeAccountAccess(IamFacts iam, ConfigApi config) {
        this.own = new AccountConnection(iam, config, CallCounts.NONE);
    }

    public FakeAccountAccess member(String roleArn, IamFacts iam, ConfigApi config) {
        members.put(roleArn, new AccountConnection(iam, config, CallCounts.NONE));
        return this;
    }

    public List<String> assumedRoles() {
        return List.copyOf(assumedRoles);
    }

    @Override
    public AccountConnection own() {
        return own;
    }

    @Override
    public AccountConnection assumed(String roleArn) {
        assumedRoles.add(roleArn);
        AccountConnection member = members.get(roleArn);
        if (member == null) {
            throw new IllegalStateException("AccessDenied: cannot assume " + roleArn);
        }
        return member;
    }
}
