package io.github.setupkeys.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.setupkeys.aws.AwsCallFailedException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

class LogLineTest {

    /** What IAM answers a caller without the permission: it names the caller's role and the user it asked about. */
    private static final AwsServiceException ACCESS_DENIED = AwsServiceException.builder()
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("AccessDenied").errorMessage("User: "
                    + "arn:aws:sts::111122223333:assumed-role/IamUserSetupKeysRuleExecution/setupkeys-config-rule is "
                    + "not authorized to perform: iam:GetLoginProfile on resource: user alice because no "
                    + "identity-based policy allows the iam:GetLoginProfile action").build())
            .statusCode(403)
            .requestId("4d3b2c1a-0000-4000-8000-000000000001")
            .build();

    @Test
    void aFailedAwsCallIsLoggedWithItsCallCodeStatusAndRequestIdButNotAwssOwnText() {
        AwsCallFailedException failure = new AwsCallFailedException("iam:GetLoginProfile", ACCESS_DENIED);
        assertThat(failure.getMessage()).as("the exception itself keeps AWS's text for whoever sees it").contains("alice");

        JsonObject line = logged(failure);

        assertThat(line.get("outcome").getAsString()).isEqualTo("failed");
        assertThat(line.get("error").getAsString()).isEqualTo("iam:GetLoginProfile failed: AccessDenied (HTTP 403): "
                + "(AWS's message withheld from the log, as it can name users; request id "
                + "4d3b2c1a-0000-4000-8000-000000000001)");
    }

    @Test
    void awssTextIsWithheldWhereverAnotherMessageRepeatsIt() {
        AwsCallFailedException call = new AwsCallFailedException("iam:ListAccessKeys", ACCESS_DENIED);
        RuntimeException wrapped = new IllegalStateException("stopped after 3 of 5 users: " + call.getMessage(), call);

        String error = logged(wrapped).get("error").getAsString();

        assertThat(error).startsWith("stopped after 3 of 5 users: iam:ListAccessKeys failed: AccessDenied (HTTP 403)")
                .doesNotContain("alice").doesNotContain("assumed-role");
    }

    @Test
    void ourOwnMessagesAreLoggedAsTheyAre() {
        String error = logged(new IllegalArgumentException("rule parameter setupWindowSeconds has invalid value '0'"))
                .get("error").getAsString();

        assertThat(error).isEqualTo("rule parameter setupWindowSeconds has invalid value '0'");
    }

    private static JsonObject logged(RuntimeException failure) {
        LogLine line = new LogLine("rule");
        line.failed(failure);
        return JsonParser.parseString(line.toJson(12)).getAsJsonObject();
    }
}
