package io.github.setupkeys.rule.aws;

import io.github.setupkeys.aws.AwsCall;
import io.github.setupkeys.aws.AwsCallFailedException;
import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.IamUser;
import io.github.setupkeys.rule.domain.KeyStatus;
import io.github.setupkeys.rule.domain.KeyUse;
import io.github.setupkeys.rule.evaluation.CredentialReportUnavailableException;
import io.github.setupkeys.rule.evaluation.Deadline;
import io.github.setupkeys.rule.evaluation.IamFacts;
import io.github.setupkeys.rule.evaluation.Pause;
import io.github.setupkeys.rule.evaluation.UserNotFoundException;
import io.github.setupkeys.rule.report.CredentialReport;
import io.github.setupkeys.rule.report.CredentialReportParser;
import io.github.setupkeys.text.InputText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKeyMetadata;
import software.amazon.awssdk.services.iam.model.CredentialReportExpiredException;
import software.amazon.awssdk.services.iam.model.CredentialReportNotPresentException;
import software.amazon.awssdk.services.iam.model.CredentialReportNotReadyException;
import software.amazon.awssdk.services.iam.model.GetCredentialReportResponse;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.ReportStateType;
import software.amazon.awssdk.services.iam.model.User;

/**
 * {@link IamFacts} from live IAM calls. Only {@code NoSuchEntity} is read as an answer ("no console
 * password", "no such user", "key gone"); every other failure propagates as an
 * {@link AwsCallFailedException} naming the call.
 */
public final class IamClientFacts implements IamFacts {

    /** The largest page IAM serves: listing 5,000 users takes 5 calls. */
    static final int MAX_ITEMS = 1000;

    private final IamClient iam;
    private final ReportWait reportWait;
    private final Pause pause;

    public IamClientFacts(IamClient iam, ReportWait reportWait, Pause pause) {
        this.iam = Objects.requireNonNull(iam, "iam");
        this.reportWait = Objects.requireNonNull(reportWait, "reportWait");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    public IamClientFacts(IamClient iam) {
        this(iam, ReportWait.DEFAULT, Pause.SLEEP);
    }

    @Override
    public List<IamUser> listUsers() {
        return AwsCall.named("iam:ListUsers",
                () -> iam.listUsersPaginator(request -> request.maxItems(MAX_ITEMS)).users().stream()
                        .map(IamClientFacts::user).toList());
    }

    @Override
    public Optional<IamUser> findUser(String userName) {
        return AwsCall.named("iam:GetUser", () -> {
            try {
                return Optional.of(user(iam.getUser(request -> request.userName(userName)).user()));
            } catch (NoSuchEntityException gone) {
                return Optional.empty();
            }
        });
    }

    /** Only {@code NoSuchEntity} means "no password"; it cannot tell a deleted user from one without. */
    @Override
    public boolean hasConsolePassword(IamUser user) {
        return AwsCall.named("iam:GetLoginProfile", () -> {
            try {
                iam.getLoginProfile(request -> request.userName(user.userName()));
                return true;
            } catch (NoSuchEntityException noPassword) {
                return false;
            }
        });
    }

    @Override
    public List<AccessKeyFacts> accessKeys(IamUser user) {
        return AwsCall.named("iam:ListAccessKeys", () -> {
            try {
                return iam.listAccessKeysPaginator(request -> request.userName(user.userName())).accessKeyMetadata()
                        .stream().map(metadata -> new AccessKeyFacts(metadata.accessKeyId(), status(metadata),
                                metadata.createDate(), KeyUse.notLookedUp()))
                        .toList();
            } catch (NoSuchEntityException gone) {
                throw new UserNotFoundException(user.userName());
            }
        });
    }

    /** The key's use, or empty when the key was deleted meanwhile. */
    @Override
    public Optional<KeyUse> lastUse(String accessKeyId) {
        return AwsCall.named("iam:GetAccessKeyLastUsed", () -> {
            try {
                var lastUsed = iam.getAccessKeyLastUsed(request -> request.accessKeyId(accessKeyId)).accessKeyLastUsed();
                return Optional.of(lastUsed == null || lastUsed.lastUsedDate() == null
                        ? KeyUse.never()
                        : KeyUse.lastUsedAt(lastUsed.lastUsedDate()));
            } catch (NoSuchEntityException gone) {
                return Optional.empty();
            }
        });
    }

    @Override
    public Map<String, String> tagsOf(IamUser user) {
        return AwsCall.named("iam:ListUserTags", () -> {
            try {
                Map<String, String> tags = new LinkedHashMap<>();
                iam.listUserTagsPaginator(request -> request.userName(user.userName())).tags()
                        .forEach(tag -> tags.put(tag.key(), tag.value()));
                return tags;
            } catch (NoSuchEntityException gone) {
                throw new UserNotFoundException(user.userName());
            }
        });
    }

    @Override
    public CredentialReport credentialReport(Deadline deadline) {
        for (int poll = 1; ; poll++) {
            ReportStateType state = AwsCall.named("iam:GenerateCredentialReport",
                    () -> iam.generateCredentialReport().state());
            if (state == ReportStateType.COMPLETE) {
                Optional<CredentialReport> report = download();
                if (report.isPresent()) {
                    return report.get();
                }
            }
            if (poll >= reportWait.maxPolls() || !deadline.allows(reportWait.interval())) {
                throw new CredentialReportUnavailableException("IAM credential report not ready after " + poll
                        + " polls of iam:GenerateCredentialReport " + reportWait.interval().toMillis() + " ms apart"
                        + (poll >= reportWait.maxPolls() ? "" : " (the deadline allows no more)"));
            }
            try {
                pause.pause(reportWait.interval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CredentialReportUnavailableException("interrupted while waiting for the IAM credential report");
            }
        }
    }

    /** The report, or empty when IAM says it is not ready, expired or absent after all (generate again). */
    private Optional<CredentialReport> download() {
        return AwsCall.named("iam:GetCredentialReport", () -> {
            GetCredentialReportResponse response;
            try {
                response = iam.getCredentialReport();
            } catch (CredentialReportNotReadyException | CredentialReportExpiredException
                    | CredentialReportNotPresentException notYet) {
                return Optional.empty();
            }
            // The same reading as a report given offline: a report that contradicts itself fails the run.
            return Optional.of(CredentialReportParser.parse(response.content().asUtf8String())
                    .generatedAt(Optional.ofNullable(response.generatedTime())));
        });
    }

    /**
     * Active or Inactive; any other answer (IAM's shared status type also has Expired) is not guessed at. The
     * message names the key, not its user: it reaches the log (README: no user names there).
     */
    private static KeyStatus status(AccessKeyMetadata metadata) {
        return switch (metadata.status()) {
            case ACTIVE -> KeyStatus.ACTIVE;
            case INACTIVE -> KeyStatus.INACTIVE;
            default -> throw new IllegalStateException("iam:ListAccessKeys answered status "
                    + InputText.quote(metadata.statusAsString()) + " for access key " + metadata.accessKeyId()
                    + "; this rule knows only Active and Inactive");
        };
    }

    private static IamUser user(User user) {
        return new IamUser(user.userName(), Optional.of(user.userId()), user.arn(), user.createDate());
    }
}
