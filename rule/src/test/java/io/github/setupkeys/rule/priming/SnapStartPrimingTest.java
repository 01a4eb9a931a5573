package io.github.setupkeys.rule.priming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SnapStart priming: it runs the rule's paths with every call answered in memory. */
class SnapStartPrimingTest {

    @Test
    void primingRunsTheChangeAndThePeriodicPathsWithEveryCallAnsweredInMemory() {
        List<String> answered = SnapStartPriming.prime();

        assertThat(answered).containsSubsequence("iam:GetUser", "iam:GetLoginProfile", "iam:ListAccessKeys",
                        "iam:GetAccessKeyLastUsed", "config:PutEvaluations")
                .containsSubsequence("config:GetComplianceDetailsByConfigRule", "iam:ListUsers",
                        "iam:GenerateCredentialReport", "iam:GetCredentialReport", "iam:GetLoginProfile",
                        "iam:ListUserTags", "config:PutEvaluations");
        assertThat(answered.stream().filter("iam:GetLoginProfile"::equals))
                .as("the periodic run confirms both made-up users: one has a password, one gets NoSuchEntity")
                .hasSize(3);
    }
}
