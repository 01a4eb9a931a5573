package io.github.setupkeys.rule.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The region asff and ocsf findings are reported in: {@code --region}, else the SDK's settings; checked before the
 * scan, and against the partition of the users' ARNs.
 */
class FindingRegionTest {

    private static final String SAMPLE = ScanCommandTest.SAMPLE.toString();

    @Test
    void withoutARegionAnywhereNothingIsScanned() {
        CliRun run = CliRun.scan("--format", "asff");  // a live scan: it would fail loudly had it started

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("error: --format asff reports findings to a region: pass --region REGION, or "
                + "set AWS_REGION or the profile's region\n");
    }

    @Test
    void theSdkSettingsRegionServesWhenNoFlagNamesOne() {
        CliRun run = offlineWithSdkRegion("ap-southeast-2", "--format", "ocsf");

        assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
        assertThat(run.stdout()).contains("\"region\": \"ap-southeast-2\"");
    }

    @Test
    void theFlagWinsOverTheSdkSettings() {
        CliRun run = offlineWithSdkRegion("ap-southeast-2", "--format", "asff", "--region", "sa-east-1");

        assertThat(run.stdout()).contains("arn:aws:securityhub:sa-east-1:").doesNotContain("ap-southeast-2");
    }

    @ParameterizedTest(name = "--region {0}")
    @ValueSource(strings = {"us-east", "US-EAST-1", "us_east_1", "eu-west-1a"})
    void aRegionThatIsNoRegionNameIsRefused(String region) {
        CliRun run = CliRun.scan("--format", "ocsf", "--region", region);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("error: --region '" + region + "' is not a region name such as eu-west-1\n");
    }

    @Test
    void aBadRegionFromTheSdkSettingsIsNamedAsSuch() {
        CliRun run = offlineWithSdkRegion("nowhere", "--format", "asff");

        assertThat(run.stderr()).isEqualTo("error: the region of the SDK's settings 'nowhere' is not a region name such "
                + "as eu-west-1\n");
    }

    @Test
    void aRegionOfAnotherPartitionThanTheUsersContradictsThemAndIsRefused() {
        CliRun run = CliRun.scan("--credential-report", SAMPLE, "--format", "asff", "--region", "cn-north-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).startsWith("error: region cn-north-1 is in partition aws-cn, but user alice is in "
                + "partition aws (arn:aws:iam::111122223333:user/alice)");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void aRegionForAFormatWithoutFindingsIsAMistakeNotIgnored() {
        CliRun run = CliRun.scan("--credential-report", SAMPLE, "--format", "json", "--region", "us-east-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).isEqualTo("error: --region applies only to --format asff and ocsf, which report findings "
                + "to a region; --format json has none\n");
    }

    /** The sample scanned offline with {@code arguments}, the SDK's settings naming {@code region}. */
    private static CliRun offlineWithSdkRegion(String region, String... arguments) {
        String[] all = new String[arguments.length + 2];
        all[0] = "--credential-report";
        all[1] = SAMPLE;
        System.arraycopy(arguments, 0, all, 2, arguments.length);
        return CliRun.scan(CliRun.NOW, Optional.of(region), () -> {
            throw new AssertionError("an offline scan must not touch AWS");
        }, all);
    }
}
