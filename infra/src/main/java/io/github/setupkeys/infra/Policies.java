package io.github.setupkeys.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.iam.PolicyStatement;

/** The policy statements this project writes: least privilege, action by action, each with a Sid that says why. */
final class Policies {

    /** Why the rule's reads of IAM and Config need {@code *} and {@code user/*}: shown wherever cdk-nag asks. */
    static final String EVALUATE_USERS_RESOURCES_REASON = "* only for iam:ListUsers, iam:GenerateCredentialReport, "
            + "iam:GetCredentialReport, config:PutEvaluations and config:GetResourceConfigHistory, which support no "
            + "resource-level permissions. user/* because the rule evaluates every IAM user of the account, whatever its "
            + "path: it is the narrowest ARN that covers them.";

    private Policies() {
    }

    /**
     * {@code sts:AssumeRole} on {@code roles}, only where the role belongs to the organization {@code organizationId}.
     * StringEquals, not ...IfExists: a role in an account outside any organization has no aws:ResourceOrgID, and is
     * refused.
     */
    static PolicyStatement assumeRoleInOrganization(String sid, String roles, String organizationId) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .actions(List.of("sts:AssumeRole"))
                .resources(List.of(roles))
                .conditions(Map.of("StringEquals", Map.of("aws:ResourceOrgID", organizationId)))
                .build();
    }

    static PolicyStatement allow(String sid, String resource, String... actions) {
        return PolicyStatement.Builder.create()
                .sid(sid)
                .actions(List.of(actions))
                .resources(List.of(resource))
                .build();
    }

    /**
     * What the rule calls in the account it evaluates, apart from reading its own earlier results: it lists and
     * reads IAM users (never changes them) and reports evaluations to Config. {@code users} is the ARN of every
     * user of that account.
     */
    static List<PolicyStatement> evaluateIamUsers(String users) {
        return List.of(
                // No resource-level permissions exist for these (Service Authorization Reference).
                allow("ListUsersAndReadCredentialReport", "*",
                        "iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:ListUsers"),
                allow("ReadUsers", users, "iam:GetAccessKeyLastUsed", "iam:GetLoginProfile", "iam:GetUser",
                        "iam:ListAccessKeys", "iam:ListUserTags"),
                // No resource-level permissions exist for these either.
                allow("ReportEvaluations", "*", "config:GetResourceConfigHistory", "config:PutEvaluations"));
    }
}
