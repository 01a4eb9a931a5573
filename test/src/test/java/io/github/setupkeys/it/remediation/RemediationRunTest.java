package io.github.setupkeys.it.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.setupkeys.it.support.AwsStandIn;
import io.github.setupkeys.it.support.IamSeeder;
import io.github.setupkeys.it.support.MotoExtension;
import io.github.setupkeys.it.support.MotoServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;

/**
 * The document's own scripts, chained as Automation chains them, against moto on the wire (through the
 * stand-in, which counts calls and can answer ListUsers in IAM-sized pages). moto cannot back-date a key,
 * so "outside the window" uses {@code SetupWindowSeconds=1} and a key created two seconds later.
 */
@ExtendWith(MotoExtension.class)
class RemediationRunTest {

    private static final List<String> ALL_STEPS = List.of("ResolveUser", "SelectOffendingKeys", "ApplyExemptTag",
            "RemediateKeys", "WaitForGracePeriod", "DeleteAfterGracePeriod", "VerifyEndState");
    private static final Duration HOUR = Duration.ofHours(1);

    private IamSeeder seed;
    private AwsStandIn standIn;
    private AutomationHarness harness;

    @BeforeEach
    void connect(MotoServer moto) {
        seed = new IamSeeder(moto);
        standIn = AwsStandIn.inFrontOf(moto);
        harness = AutomationHarness.against(standIn.endpoint());
    }

    @AfterEach
    void disconnect() {
        standIn.close();
        seed.close();
    }

    @Test
    void anOffendingKeyIsDeactivatedVerifiedAndReported() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId));

        assertThat(run.status()).as(run.failure()).isEqualTo("Success");
        assertThat(run.stepNames()).containsExactlyElementsOf(ALL_STEPS);
        assertThat(run.output("ResolveUser.UserName")).isEqualTo("alice");
        assertThat(run.output("RemediateKeys.Action")).isEqualTo("Deactivate");
        assertThat(run.changedKeyIds()).containsExactly(key);
        assertThat(run.output("RemediateKeys.Summary")).isEqualTo("Deactivated " + key + " of alice.");
        assertThat(keys("alice")).containsExactly(Map.entry(key, "Inactive"));
        assertThat(standIn.calls().total("config")).as("the user is resolved with IAM, not Config").isZero();
    }

    @Test
    void deleteDeactivatesWaitsAnHourThenDeletesTheOffendingKey() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");
        List<Map<String, String>> duringTheWait = new ArrayList<>();
        List<AutomationHarness.Sleep> sleeps = new ArrayList<>();

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete"), sleep -> {
            sleeps.add(sleep);
            duringTheWait.add(keys("alice"));
            assertThat(standIn.calls().count("iam:DeleteAccessKey")).as("nothing deleted before the wait ends").isZero();
        });

        assertThat(run.status()).as(run.failure()).isEqualTo("Success");
        assertThat(run.stepNames()).containsExactlyElementsOf(ALL_STEPS);
        assertThat(run.changedKeyIds()).containsExactly(key);
        assertThat(run.deletedKeyIds()).containsExactly(key);
        assertThat(duringTheWait).containsExactly(Map.of(key, "Inactive"));
        assertThat(sleeps).singleElement().satisfies(sleep -> assertThat(Duration.between(sleep.from(), sleep.until()))
                .as("the grace period, to the second").isBetween(HOUR, HOUR.plusSeconds(2)));
        assertThat(run.output("RemediateKeys.DeleteNotBefore")).isEqualTo(sleeps.get(0).until().toString());
        assertThat(keys("alice")).isEmpty();
        assertThat(standIn.calls().count("iam:UpdateAccessKey")).as("deactivated first").isEqualTo(1);
        assertThat(standIn.calls().count("iam:DeleteAccessKey")).isEqualTo(1);
        assertThat(run.output("DeleteAfterGracePeriod.Summary")).isEqualTo("Deleted " + key
                + " of alice after the grace period.");
    }

    @Test
    void theGracePeriodIsAParameter() {
        String userId = consoleUser("alice");
        seed.accessKey("alice");
        List<AutomationHarness.Sleep> sleeps = new ArrayList<>();

        harness.run(Map.of("IAMResourceId", userId, "Action", "Delete", "GracePeriodSeconds", "86400"), sleeps::add);

        assertThat(Duration.between(sleeps.get(0).from(), sleeps.get(0).until()))
                .isBetween(Duration.ofDays(1), Duration.ofDays(1).plusSeconds(2));
    }

    @Test
    void deactivateDoesNotWait() {
        String userId = consoleUser("alice");
        seed.accessKey("alice");
        List<AutomationHarness.Sleep> sleeps = new ArrayList<>();

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId), sleeps::add);

        assertThat(sleeps).singleElement().satisfies(sleep -> assertThat(sleep.until())
                .as("a time already past: Automation goes on at once").isBeforeOrEqualTo(sleep.from().plusSeconds(1)));
        assertThat(run.deletedKeyIds()).isEmpty();
    }

    @Test
    void aKeyUsedDuringTheGracePeriodIsNotDeleted() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");

        // IAM's last-use data arrives late: a use from before the deactivation can show up during the wait.
        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete"), sleep -> seed.use(key));

        assertThat(run.status()).as(run.failure()).isEqualTo("Success");
        assertThat(run.deletedKeyIds()).isEmpty();
        assertThat(run.notDeletedKeyIds()).containsExactly(key);
        assertThat(run.output("DeleteAfterGracePeriod.Summary")).contains("did not delete " + key
                + ": used since it was selected");
        assertThat(keys("alice")).containsExactly(Map.entry(key, "Inactive"));
        assertThat(standIn.calls().count("iam:DeleteAccessKey")).isZero();
    }

    @Test
    void aKeyReactivatedDuringTheGracePeriodIsNotDeletedAndStaysActive() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete"),
                sleep -> seed.iam().updateAccessKey(request -> request.userName("alice").accessKeyId(key)
                        .status("Active")));

        assertThat(run.status()).as(run.failure()).isEqualTo("Success");
        assertThat(run.notDeletedKeyIds()).containsExactly(key);
        assertThat(run.output("DeleteAfterGracePeriod.Summary")).contains(key + ": active again");
        assertThat(keys("alice")).containsExactly(Map.entry(key, "Active"));
    }

    @Test
    void aUserTaggedExemptOrWithoutAPasswordDuringTheGracePeriodKeepsItsKeys() {
        String tagged = consoleUser("tagged");
        String taggedKey = seed.accessKey("tagged");
        String signedOut = consoleUser("signed-out");
        String signedOutKey = seed.accessKey("signed-out");
        Map<String, String> delete = Map.of("Action", "Delete", "ExemptTag", "break-glass");

        AutomationRun exempt = harness.run(with(delete, "IAMResourceId", tagged),
                sleep -> seed.tag("tagged", "Break-Glass", "yes"));
        AutomationRun noPassword = harness.run(with(delete, "IAMResourceId", signedOut),
                sleep -> seed.iam().deleteLoginProfile(request -> request.userName("signed-out")));

        assertThat(exempt.output("DeleteAfterGracePeriod.Summary")).contains(taggedKey + ": exempt tag added");
        assertThat(noPassword.output("DeleteAfterGracePeriod.Summary"))
                .contains(signedOutKey + ": no console password any more");
        assertThat(keys("tagged")).containsExactly(Map.entry(taggedKey, "Inactive"));
        assertThat(keys("signed-out")).containsExactly(Map.entry(signedOutKey, "Inactive"));
    }

    @Test
    void aDeleteRunThatFailedPartWayFinishesItsDeletionsOnRetryAfterAWholeGracePeriod() {
        String userId = consoleUser("alice");
        String first = seed.accessKey("alice");
        String second = seed.accessKey("alice");
        standIn.answerWithError("iam:DeleteAccessKey", 1, 403, "AccessDenied",
                "not authorized to perform: iam:DeleteAccessKey");
        AutomationRun failed = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete"));
        assertThat(failed.status()).isEqualTo("Failed");
        assertThat(keys("alice")).containsOnly(Map.entry(first, "Inactive"), Map.entry(second, "Inactive"));
        List<AutomationHarness.Sleep> sleeps = new ArrayList<>();
        standIn.calls().clear();

        AutomationRun retry = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete"), sleeps::add);

        assertThat(retry.status()).as(retry.failure()).isEqualTo("Success");
        assertThat(retry.changedKeyIds()).containsExactlyInAnyOrder(first, second);
        assertThat(retry.deletedKeyIds()).containsExactlyInAnyOrder(first, second);
        assertThat(keys("alice")).isEmpty();
        assertThat(standIn.calls().count("iam:UpdateAccessKey")).as("both were inactive already").isZero();
        assertThat(Duration.between(sleeps.get(0).from(), sleeps.get(0).until()))
                .as("a key found inactive was deactivated at an unknown time: a whole grace period again")
                .isBetween(HOUR, HOUR.plusSeconds(2));
    }

    @Test
    void aKeyStatusOtherThanActiveOrInactiveFailsTheRunInsteadOfCountingAsInactive() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");
        standIn.answerWith("iam:ListAccessKeys", Integer.MAX_VALUE, "<ListAccessKeysResponse><ListAccessKeysResult>"
                + "<AccessKeyMetadata><member><UserName>alice</UserName><AccessKeyId>" + key + "</AccessKeyId>"
                + "<Status>Expired</Status><CreateDate>2026-11-30T20:00:00Z</CreateDate></member></AccessKeyMetadata>"
                + "<IsTruncated>false</IsTruncated></ListAccessKeysResult><ResponseMetadata><RequestId>stand-in"
                + "</RequestId></ResponseMetadata></ListAccessKeysResponse>");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete",
                "IncludeInactiveKeys", "true", "RequireNeverUsed", "false", "SetupWindowSeconds", "604800"));

        assertThat(run.status()).isEqualTo("Failed");
        assertThat(run.stepNames()).containsExactly("ResolveUser", "SelectOffendingKeys");
        assertThat(run.failure()).contains("status 'Expired'", key, "only Active and Inactive");
        assertThat(standIn.calls().count("iam:UpdateAccessKey") + standIn.calls().count("iam:DeleteAccessKey")).isZero();
    }

    @Test
    void anExemptTagTheRuleRefusesFailsTheRunBeforeAnyChange() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "ExemptTag", " =approved"));

        assertThat(run.status()).isEqualTo("Failed");
        assertThat(run.stepNames()).endsWith("ApplyExemptTag");
        assertThat(run.failure()).contains("ExemptTag", "as the rule's exemptTag accepts");
        assertThat(keys("alice")).containsExactly(Map.entry(key, "Active"));
    }

    @Test
    void anExemptTagKeyInAnotherCaseExemptsTheUserAsIamComparesKeys() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");
        seed.tag("alice", "Break-Glass", "approved");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "ExemptTag", "break-glass=approved"));

        assertThat(run.output("RemediateKeys.Summary")).contains("carries the exempt tag");
        assertThat(keys("alice")).containsExactly(Map.entry(key, "Active"));
    }

    @Test
    void aUsedKeyStaysActiveWhileTheUnusedSetupKeyBesideItIsDeactivated() {
        String userId = consoleUser("frank");
        String used = seed.accessKey("frank");
        seed.use(used);
        String unused = seed.accessKey("frank");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete"));

        assertThat(run.changedKeyIds()).containsExactly(unused);
        assertThat(keys("frank")).containsExactly(Map.entry(used, "Active"));
    }

    @Test
    void aKeyCreatedAfterTheWindowStaysActive() {
        String userId = consoleUser("erin");
        String setupKey = seed.accessKey("erin");
        sleep(Duration.ofMillis(2100));
        String rotated = seed.accessKey("erin");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "SetupWindowSeconds", "1"));

        assertThat(run.changedKeyIds()).containsExactly(setupKey);
        assertThat(keys("erin")).containsOnly(Map.entry(setupKey, "Inactive"), Map.entry(rotated, "Active"));
    }

    @Test
    void aDryRunChangesNothingAndReportsWhatItWouldChange() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete", "DryRun", "true"));

        assertThat(run.status()).as(run.failure()).isEqualTo("Success");
        assertThat(run.changedKeyIds()).isEmpty();
        assertThat(run.wouldChangeKeyIds()).containsExactly(key);
        assertThat(run.output("RemediateKeys.Summary"))
                .isEqualTo("Dry run, nothing changed: would deactivate and delete " + key + " of alice.");
        assertThat(keys("alice")).containsExactly(Map.entry(key, "Active"));
        assertThat(standIn.calls().count("iam:UpdateAccessKey") + standIn.calls().count("iam:DeleteAccessKey")).isZero();
    }

    @ParameterizedTest(name = "Action={0}, IncludeInactiveKeys={1}")
    @CsvSource({"Deactivate, false", "Deactivate, true", "Delete, false", "Delete, true"})
    void aSecondRunChangesNothing(String action, String includeInactive) {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");
        Map<String, String> parameters = Map.of("IAMResourceId", userId, "Action", action,
                "IncludeInactiveKeys", includeInactive);
        assertThat(harness.run(parameters).changedKeyIds()).containsExactly(key);
        Map<String, String> afterFirstRun = keys("alice");
        standIn.calls().clear();

        AutomationRun second = harness.run(parameters);

        assertThat(second.status()).as(second.failure()).isEqualTo("Success");
        assertThat(second.changedKeyIds()).isEmpty();
        assertThat(keys("alice")).isEqualTo(afterFirstRun);
        assertThat(standIn.calls().count("iam:UpdateAccessKey") + standIn.calls().count("iam:DeleteAccessKey")).isZero();
    }

    @Test
    void anInactiveSetupKeyIsLeftByDeactivateAndDeletedByDelete() {
        String userId = consoleUser("dave");
        String key = seed.accessKey("dave");
        seed.deactivate("dave", key);

        assertThat(harness.run(Map.of("IAMResourceId", userId)).changedKeyIds()).isEmpty();
        assertThat(keys("dave")).containsExactly(Map.entry(key, "Inactive"));

        AutomationRun deleted = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete"));
        assertThat(deleted.changedKeyIds()).as("what an interrupted Delete run leaves behind").containsExactly(key);
        assertThat(keys("dave")).isEmpty();
        assertThat(standIn.calls().count("iam:UpdateAccessKey")).as("an inactive key is not deactivated again").isZero();
    }

    @Test
    void aUserWithoutConsolePasswordIsLeftAlone() {
        String userId = seed.user("svc").userId();
        String key = seed.accessKey("svc");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete",
                "RequireNeverUsed", "false", "IncludeInactiveKeys", "true"));

        assertThat(run.status()).as(run.failure()).isEqualTo("Success");
        assertThat(run.changedKeyIds()).isEmpty();
        assertThat(run.output("RemediateKeys.Summary")).contains("svc", "no console password");
        assertThat(keys("svc")).containsExactly(Map.entry(key, "Active"));
    }

    @Test
    void aUserOnAPathWithPunctuationInItsNameIsRemediated() {
        String name = "a+b=c,d.e@f_g-h";
        String userId = seed.user(name, "/team/ops/").userId();
        seed.consolePassword(name);
        String key = seed.accessKey(name);

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId));

        assertThat(run.output("ResolveUser.UserName")).isEqualTo(name);
        assertThat(run.changedKeyIds()).containsExactly(key);
        assertThat(keys(name)).containsExactly(Map.entry(key, "Inactive"));
    }

    @Test
    void theUserIsFoundAmongMoreThanAThousandUsersByPagingListUsers() {
        for (int i = 0; i < 1000; i++) {  // moto takes ~15 ms a user, concurrently or not
            seed.user(String.format("filler-%04d", i));
        }
        String userId = consoleUser("zoe");
        String key = seed.accessKey("zoe");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId));

        assertThat(run.output("ResolveUser.UserName")).isEqualTo("zoe");
        assertThat(run.changedKeyIds()).containsExactly(key);
        assertThat(standIn.calls().count("iam:ListUsers")).as("1,001 users in pages of 100").isEqualTo(11);
    }

    @Test
    void anUnknownIdFailsClearlyAndChangesNothing() {
        consoleUser("alice");
        String key = seed.accessKey("alice");

        AutomationRun run = harness.run(Map.of("IAMResourceId", "AIDAJQABLZS4A3QDU576Q"));

        assertThat(run.status()).isEqualTo("Failed");
        assertThat(run.stepNames()).containsExactly("ResolveUser");
        assertThat(run.failure()).contains("No IAM user has the id AIDAJQABLZS4A3QDU576Q");
        assertThat(keys("alice")).containsExactly(Map.entry(key, "Active"));
    }

    @Test
    void anIamErrorOnTheConsolePasswordFailsTheRunInsteadOfMeaningNoPassword() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");
        standIn.answerWithError("iam:GetLoginProfile", Integer.MAX_VALUE, 403, "AccessDenied",
                "not authorized to perform: iam:GetLoginProfile");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId));

        assertThat(run.status()).isEqualTo("Failed");
        assertThat(run.stepNames()).containsExactly("ResolveUser", "SelectOffendingKeys");
        assertThat(run.failure()).contains("SelectOffendingKeys", "AccessDenied", "GetLoginProfile");
        assertThat(keys("alice")).containsExactly(Map.entry(key, "Active"));
    }

    @Test
    void aUserTaggedExemptAfterTheFindingIsLeftAlone() {
        String userId = consoleUser("breakglass");
        String key = seed.accessKey("breakglass");
        seed.tag("breakglass", "break-glass", "approved");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete",
                "ExemptTag", "break-glass=approved"));

        assertThat(run.status()).as(run.failure()).isEqualTo("Success");
        assertThat(run.changedKeyIds()).isEmpty();
        assertThat(run.output("RemediateKeys.Summary"))
                .isEqualTo("Nothing to change: breakglass carries the exempt tag break-glass=approved.");
        assertThat(keys("breakglass")).containsExactly(Map.entry(key, "Active"));
        assertThat(standIn.calls().count("iam:UpdateAccessKey") + standIn.calls().count("iam:DeleteAccessKey")).isZero();
    }

    @Test
    void theExemptTagMustMatchItsValueWhenItNamesOne() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");
        seed.tag("alice", "break-glass", "requested");

        AutomationRun byValue = harness.run(Map.of("IAMResourceId", userId, "ExemptTag", "break-glass=approved",
                "DryRun", "true"));
        AutomationRun byKey = harness.run(Map.of("IAMResourceId", userId, "ExemptTag", "break-glass",
                "DryRun", "true"));

        assertThat(byValue.wouldChangeKeyIds()).as("another value").containsExactly(key);
        assertThat(byKey.wouldChangeKeyIds()).as("the key alone, any value").isEmpty();
    }

    @Test
    void aFailureWhileDeletingLeavesEveryOffendingKeyDeactivatedAndSaysWhatChanged() {
        String userId = consoleUser("alice");
        String first = seed.accessKey("alice");
        String second = seed.accessKey("alice");
        standIn.answerWithError("iam:DeleteAccessKey", Integer.MAX_VALUE, 403, "AccessDenied",
                "not authorized to perform: iam:DeleteAccessKey");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete"));

        assertThat(run.status()).isEqualTo("Failed");
        assertThat(run.stepNames()).endsWith("DeleteAfterGracePeriod");
        assertThat(run.output("RemediateKeys.Summary")).contains("Deactivated " + first + ", " + second + " of alice");
        assertThat(run.failure()).contains("Stopped part-way for alice after it had deleted nothing", "AccessDenied",
                "DeleteAccessKey");
        assertThat(keys("alice")).containsOnly(Map.entry(first, "Inactive"), Map.entry(second, "Inactive"));
    }

    @Test
    void aFailureWhileDeactivatingSaysWhichKeysItHadDeactivated() {
        String userId = consoleUser("alice");
        String first = seed.accessKey("alice");
        seed.accessKey("alice");
        standIn.answerWithError("iam:UpdateAccessKey", Integer.MAX_VALUE, 403, "AccessDenied",
                "not authorized to perform: iam:UpdateAccessKey");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete"));

        assertThat(run.status()).isEqualTo("Failed");
        assertThat(run.stepNames()).endsWith("RemediateKeys");
        assertThat(run.failure()).contains("Stopped part-way for alice after it had changed nothing", "AccessDenied");
        assertThat(keys("alice")).containsEntry(first, "Active");
    }

    @Test
    void throttledChangesAreRetried() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");
        standIn.answerWithError("iam:UpdateAccessKey", 2, 400, "Throttling", "Rate exceeded");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId));

        assertThat(run.status()).as(run.failure()).isEqualTo("Success");
        assertThat(run.changedKeyIds()).containsExactly(key);
        assertThat(standIn.calls().count("iam:UpdateAccessKey")).as("two throttled, then done").isEqualTo(3);
        assertThat(keys("alice")).containsExactly(Map.entry(key, "Inactive"));
    }

    @Test
    void aChangeThatDidNotTakeEffectFailsTheVerification() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");
        standIn.answerWith("iam:UpdateAccessKey", Integer.MAX_VALUE, "<UpdateAccessKeyResponse><ResponseMetadata>"
                + "<RequestId>stand-in</RequestId></ResponseMetadata></UpdateAccessKeyResponse>");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId));

        assertThat(run.status()).isEqualTo("Failed");
        assertThat(run.stepNames()).endsWith("VerifyEndState");
        assertThat(run.failure()).contains("Verification failed for alice: " + key + " is Active, not Inactive");
    }

    @Test
    void aNameThatNowBelongsToAnotherUserIdFailsBeforeAnyChange() {
        String userId = consoleUser("alice");
        String key = seed.accessKey("alice");
        standIn.answerWith("iam:GetUser", Integer.MAX_VALUE, "<GetUserResponse><GetUserResult><User><Path>/</Path>"
                + "<UserName>alice</UserName><UserId>AIDARECREATED0000000X</UserId>"
                + "<Arn>arn:aws:iam::123456789012:user/alice</Arn><CreateDate>2026-11-30T20:00:00Z</CreateDate>"
                + "</User></GetUserResult><ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata>"
                + "</GetUserResponse>");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Delete"));

        assertThat(run.status()).isEqualTo("Failed");
        assertThat(run.stepNames()).containsExactly("ResolveUser", "SelectOffendingKeys");
        assertThat(run.failure()).contains("alice now has the id AIDARECREATED0000000X, not " + userId);
        assertThat(keys("alice")).containsExactly(Map.entry(key, "Active"));
    }

    @Test
    void aParameterOutsideItsAllowedValuesIsRejectedBeforeAnyStep() {
        String userId = consoleUser("alice");

        AutomationRun run = harness.run(Map.of("IAMResourceId", userId, "Action", "Remove"));

        assertThat(run.status()).isEqualTo("Rejected");
        assertThat(run.failure()).contains("Action", "Remove");
        assertThat(run.steps()).isEmpty();
    }

    private static Map<String, String> with(Map<String, String> parameters, String name, String value) {
        Map<String, String> all = new HashMap<>(parameters);
        all.put(name, value);
        return all;
    }

    /** A user with a console password; returns its id (moto's ids are lowercase, not AIDA…). */
    private String consoleUser(String name) {
        String userId = seed.user(name).userId();
        seed.consolePassword(name);
        return userId;
    }

    /** The user's keys now, id to status. */
    private Map<String, String> keys(String userName) {
        return seed.iam().listAccessKeys(request -> request.userName(userName)).accessKeyMetadata().stream()
                .collect(Collectors.toMap(AccessKeyMetadata::accessKeyId, AccessKeyMetadata::statusAsString,
                        (a, b) -> a, HashMap::new));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
