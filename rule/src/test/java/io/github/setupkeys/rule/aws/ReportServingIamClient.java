package io.github.setupkeys.rule.aws;

import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GenerateCredentialReportRequest;
import software.amazon.awssdk.services.iam.model.GenerateCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.GetCredentialReportRequest;
import software.amazon.awssdk.services.iam.model.GetCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.ListUsersRequest;
import software.amazon.awssdk.services.iam.model.ListUsersResponse;
import software.amazon.awssdk.services.iam.model.ReportFormatType;
import software.amazon.awssdk.services.iam.model.ReportStateType;
import software.amazon.awssdk.services.iam.model.User;

/**
 * An IAM client that answers, in memory, what a periodic run asks before it confirms anyone live: the users
 * listed, and a credential report, complete at once, with the given text as IAM's {@code Content}. Any other
 * call fails, as the SDK's interface does by default, so a test sees if the run went further.
 */
public final class ReportServingIamClient implements IamClient {

    private final List<User> users;
    private final String report;
    private final Instant generatedAt;

    public ReportServingIamClient(List<User> users, String report, Instant generatedAt) {
        this.users = List.copyOf(users);
        this.report = report;
        this.generatedAt = generatedAt;
    }

    @Override
    public ListUsersResponse listUsers(ListUsersRequest request) {
        return ListUsersResponse.builder().users(users).isTruncated(false).build();
    }

    @Override
    public GenerateCredentialReportResponse generateCredentialReport(GenerateCredentialReportRequest request) {
        return GenerateCredentialReportResponse.builder().state(ReportStateType.COMPLETE).build();
    }

    @Override
    public GetCredentialReportResponse getCredentialReport(GetCredentialReportRequest request) {
        return GetCredentialReportResponse.builder().content(SdkBytes.fromUtf8String(report))
                .reportFormat(ReportFormatType.TEXT_CSV).generatedTime(generatedAt).build();
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    @Override
    public void close() {
        // holds nothing
    }
}
