package io.github.setupkeys.trigger.aws;

import static io.github.setupkeys.trigger.aws.FakeConfig.FUNCTION;
import static io.github.setupkeys.trigger.aws.FakeConfig.PATH;
import static io.github.setupkeys.trigger.aws.FakeConfig.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.setupkeys.aws.AwsCallFailedException;
import io.github.setupkeys.trigger.CentralAccount;
import io.github.setupkeys.trigger.EvaluationStarter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.config.model.LimitExceededException;
import software.amazon.awssdk.services.config.model.NoSuchConfigRuleException;
import software.amazon.awssdk.services.config.model.StartConfigRulesEvaluationRequest;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;
import software.amazon.awssdk.services.sts.model.StsException;

class AssumedRoleEvaluationStarterTest {

    private static final CentralAccount CENTRAL = new CentralAccount("aws", "111122223333");
    private static final String MEMBER = "444455556666";
    private static final String COPY = "OrgConfigRule-iam-user-no-setup-access-keys-q1w2e3";

    private final FakeConfig config = new FakeConfig();
    private final FakeSts sts = new FakeSts();
    private final AssumedRoleEvaluationStarter starter = new AssumedRoleEvaluationStarter(config, sts,
            "IamUserSetupKeysReEvaluation", new RuleCopyLookup(FUNCTION, PATH));

    @Test
    void aMemberAccountsCopyIsStartedThroughItsReEvaluationRole() {
        config.rules.add(rule(MEMBER, PATH, "config-rule-q1w2e3", COPY, FUNCTION));

        assertThat(starter.start(MEMBER, CENTRAL)).isEqualTo(EvaluationStarter.Outcome.STARTED);

        assertThat(sts.requests).singleElement().satisfies(request -> {
            assertThat(request.roleArn()).isEqualTo("arn:aws:iam::444455556666:role/IamUserSetupKeysReEvaluation");
            assertThat(request.roleSessionName()).isEqualTo("setupkeys-trigger");
        });
        assertThat(config.starts).singleElement().satisfies(start -> {
            assertThat(start.configRuleNames()).containsExactly(COPY);
            assertThat(start.overrideConfiguration().flatMap(o -> o.credentialsIdentityProvider())).isPresent();
        });
        assertThat(config.describes).allSatisfy(describe ->
                assertThat(describe.overrideConfiguration().flatMap(o -> o.credentialsIdentityProvider())).isPresent());
    }

    @Test
    void theCentralAccountsOwnCopyIsStartedWithTheFunctionsOwnCredentials() {
        config.rules.add(rule(CENTRAL.id(), PATH, "config-rule-c", "OrgConfigRule-x-c", FUNCTION));

        starter.start(CENTRAL.id(), CENTRAL);

        assertThat(sts.requests).isEmpty();
        assertThat(config.starts).singleElement().satisfies(start -> {
            assertThat(start.configRuleNames()).containsExactly("OrgConfigRule-x-c");
            assertThat(start.overrideConfiguration().flatMap(o -> o.credentialsIdentityProvider())).isEmpty();
        });
    }

    @Test
    void theCopysNameIsLookedUpOnceAndOneSessionServesLaterStarts() {
        config.rules.add(rule(MEMBER, PATH, "config-rule-q1w2e3", COPY, FUNCTION));

        starter.start(MEMBER, CENTRAL);
        starter.start(MEMBER, CENTRAL);

        assertThat(config.describes).hasSize(1);
        assertThat(config.starts).hasSize(2);
        assertThat(sts.requests).as("the session is cached until it nears expiry").hasSize(1);
    }

    @Test
    void aCopyThatIsGoneIsLookedUpAgainOnce() {
        config.rules.add(rule(MEMBER, PATH, "config-rule-q1w2e3", COPY, FUNCTION));
        starter.start(MEMBER, CENTRAL);
        config.rules.clear();
        config.rules.add(rule(MEMBER, PATH, "config-rule-z9", "OrgConfigRule-iam-user-no-setup-access-keys-z9", FUNCTION));
        config.answers.add(request -> {
            throw NoSuchConfigRuleException.builder().message("gone").build();
        });

        assertThat(starter.start(MEMBER, CENTRAL)).isEqualTo(EvaluationStarter.Outcome.STARTED);

        assertThat(config.starts).extracting(StartConfigRulesEvaluationRequest::configRuleNames).containsExactly(
                List.of(COPY), List.of(COPY), List.of("OrgConfigRule-iam-user-no-setup-access-keys-z9"));
    }

    @Test
    void limitExceededMeansAnEvaluationIsRunningThere() {
        config.rules.add(rule(MEMBER, PATH, "config-rule-q1w2e3", COPY, FUNCTION));
        config.answers.add(request -> {
            throw LimitExceededException.builder().message("in progress").build();
        });

        assertThat(starter.start(MEMBER, CENTRAL)).isEqualTo(EvaluationStarter.Outcome.ALREADY_RUNNING);
    }

    @Test
    void aRefusedAssumeRoleIsNamedAsSuchAndNothingIsAskedOfConfig() {
        sts.refuse = true;

        assertThatThrownBy(() -> starter.start(MEMBER, CENTRAL)).isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("sts:AssumeRole failed: AccessDenied (HTTP 403)");
        assertThat(config.describes).isEmpty();
        assertThat(config.starts).isEmpty();
    }

    @Test
    void anyOtherConfigFailurePropagatesNamingTheCall() {
        config.rules.add(rule(MEMBER, PATH, "config-rule-q1w2e3", COPY, FUNCTION));
        config.answers.add(request -> {
            throw software.amazon.awssdk.services.config.model.ConfigException.builder().statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDeniedException").errorMessage("no")
                            .build()).build();
        });

        assertThatThrownBy(() -> starter.start(MEMBER, CENTRAL)).isInstanceOf(AwsCallFailedException.class)
                .hasMessageStartingWith("config:StartConfigRulesEvaluation failed: AccessDeniedException");
    }

    /** STS as the credentials provider calls it: AssumeRole, answered with hour-long credentials or refused. */
    private static final class FakeSts implements StsClient {

        final List<AssumeRoleRequest> requests = new ArrayList<>();
        boolean refuse;

        @Override
        public AssumeRoleResponse assumeRole(AssumeRoleRequest request) {
            requests.add(request);
            if (refuse) {
                throw StsException.builder().statusCode(403).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("AccessDenied").errorMessage("not authorized").build()).build();
            }
            return AssumeRoleResponse.builder().credentials(credentials -> credentials.accessKeyId("ASIAMEMBER")
                    .secretAccessKey("secret").sessionToken("token")
                    .expiration(Instant.now().plus(1, ChronoUnit.HOURS))).build();
        }

        @Override
        public String serviceName() {
            return "sts";
        }

        @Override
        public void close() {
        }
    }
}
