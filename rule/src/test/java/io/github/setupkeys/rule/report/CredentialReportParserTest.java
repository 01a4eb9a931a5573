package io.github.setupkeys.rule.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import io.github.setupkeys.rule.domain.AccessKeyFacts;
import io.github.setupkeys.rule.domain.KeyStatus;
import io.github.setupkeys.rule.domain.KeyUse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialReportParserTest {

    static final String HEADER = "user,arn,user_creation_time,password_enabled,password_last_used,"
            + "password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
            + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
            + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,"
            + "access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
    static final String ROOT = "<root_account>,arn:aws:iam::123456789012:root,2020-01-01T00:00:00+00:00,not_supported,"
            + "2026-11-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,"
            + "false,N/A,false,N/A";

    /** A row in IAM's own format: name, arn, then the fixed columns. */
    static String row(String name, String path, String created, String password, String key1, String key2) {
        return name + ",arn:aws:iam::123456789012:user" + path + name + "," + created + "," + password
                + ",no_information,N/A,N/A,false," + key1 + "," + key2 + ",false,N/A,false,N/A";
    }

    static final String NO_KEY = "false,N/A,N/A,N/A,N/A";

    @Test
    void readsEveryColumnTheRuleNeeds() {
        String csv = HEADER + "\n" + row("alice", "/", "2026-01-01T00:00:00+00:00", "true",
                "true,2026-01-01T00:00:05+00:00,N/A,N/A,N/A",
                "false,2026-01-02T00:00:00+00:00,2026-01-03T10:00:00+00:00,us-east-1,s3") + "\n";

        CredentialReport report = CredentialReportParser.parse(csv);

        assertThat(report.generatedAt()).isEmpty();
        assertThat(report.rows()).singleElement().satisfies(row -> {
            assertThat(row.userName()).isEqualTo("alice");
            assertThat(row.arn()).isEqualTo("arn:aws:iam::123456789012:user/alice");
            assertThat(row.userCreationTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(row.passwordEnabled()).isTrue();
            assertThat(row.accessKeys()).containsExactly(
                    new AccessKeyFacts("access_key_1", KeyStatus.ACTIVE, Instant.parse("2026-01-01T00:00:05Z"),
                            KeyUse.never()),
                    new AccessKeyFacts("access_key_2", KeyStatus.INACTIVE, Instant.parse("2026-01-02T00:00:00Z"),
                            KeyUse.lastUsedAt(Instant.parse("2026-01-03T10:00:00Z"))));
        });
    }

    @Test
    void theRootAccountRowIsNotAnIamUser() {
        CredentialReport report = CredentialReportParser.parse(HEADER + "\n" + ROOT + "\n"
                + row("bob", "/", "2026-01-01T00:00:00+00:00", "false", NO_KEY, NO_KEY));

        assertThat(report.rows()).extracting(CredentialReportRow::userName).containsExactly("bob");
    }

    @Test
    void unquotedCommasInNamesAndPathsAreReadFromTheArn() {
        CredentialReport report = CredentialReportParser.parse(HEADER + "\n"
                + row("a+b=c,d.e@f_g-h", "/team,x/ops/", "2026-01-01T00:00:00+00:00", "true", NO_KEY, NO_KEY) + "\n"
                + row(",,", "/", "2026-01-01T00:00:00+00:00", "false", NO_KEY, NO_KEY));

        assertThat(report.rows()).extracting(CredentialReportRow::userName).containsExactly("a+b=c,d.e@f_g-h", ",,");
        assertThat(report.rows().get(0).arn()).isEqualTo("arn:aws:iam::123456789012:user/team,x/ops/a+b=c,d.e@f_g-h");
    }

    @Test
    void emptySlotsAndMarkersMeanNoKeyAndNoUse() {
        CredentialReport report = CredentialReportParser.parse(HEADER + "\n"
                + row("carol", "/", "2026-01-01T00:00:00+00:00", "false", NO_KEY,
                        "true,2026-01-01T00:00:01+00:00,no_information,N/A,N/A"));

        assertThat(report.rows().get(0).accessKeys()).containsExactly(new AccessKeyFacts("access_key_2",
                KeyStatus.ACTIVE, Instant.parse("2026-01-01T00:00:01Z"), KeyUse.never()));
    }

    @Test
    void windowsLineEndingsAByteOrderMarkAndTrailingBlankLinesAreAccepted() {
        String csv = "\uFEFF" + HEADER + "\r\n" + row("dave", "/", "2026-01-01T00:00:00Z", "true", NO_KEY, NO_KEY)
                + "\r\n\r\n";

        assertThat(CredentialReportParser.parse(csv).rows()).extracting(CredentialReportRow::userName)
                .containsExactly("dave");
    }

    @Test
    void theJsonOfTheAwsCliIsAccepted() {
        String csv = HEADER + "\n" + row("erin", "/", "2026-01-01T00:00:00+00:00", "true", NO_KEY, NO_KEY) + "\n";
        String json = "{\n  \"Content\": \"" + Base64.getEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8))
                + "\",\n  \"ReportFormat\": \"text/csv\",\n  \"GeneratedTime\": \"2026-02-01T12:00:00+00:00\"\n}";

        CredentialReport report = CredentialReportParser.parse(json);

        assertThat(report.generatedAt()).contains(Instant.parse("2026-02-01T12:00:00Z"));
        assertThat(report.rows()).extracting(CredentialReportRow::userName).containsExactly("erin");
    }

    @Test
    void aHeaderOnlyReportHasNoRowsAndNoRootAccountRow() {
        CredentialReport report = CredentialReportParser.parse(HEADER + "\n");

        assertThat(report.rows()).isEmpty();
        assertThat(report.rootAccountRow()).isFalse();
        assertThat(CredentialReportParser.parse(HEADER + "\n" + ROOT + "\n").rootAccountRow()).isTrue();
    }

    @ParameterizedTest(name = "not a report: {0}")
    @ValueSource(strings = {"", "   \n", "hello world", "name,email\nx,y", "{\"Users\": []}", "[1,2]", "{not json",
        "{\"Content\": \"***\"}"})
    void textThatIsNotAReportIsRejectedSayingSo(String text) {
        assertThatThrownBy(() -> CredentialReportParser.parse(text))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessageStartingWith("not an IAM credential report:")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aHeaderWithoutAKeyColumnIsRejectedNamingIt() {
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER.replace("access_key_2_last_rotated,", "x,")))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("not an IAM credential report: the header has no 'access_key_2_last_rotated' column");
    }

    @Test
    void aShortRowIsRejectedWithItsLineNumber() {
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + ROOT + "\nalice,arn:aws:iam::1:user/alice"))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("credential report line 3: has 2 fields, the header has 22");
    }

    @Test
    void aRowWhoseArnDoesNotEndWithItsUserIsRejected() {
        String row = row("alice", "/", "2026-01-01T00:00:00+00:00", "true", NO_KEY, NO_KEY).replace("user/alice", "user/bob");

        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + row))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessageContaining("line 2").hasMessageContaining("does not end with the user name 'alice'");
    }

    @Test
    void aBadBooleanOrTimeIsRejectedNamingTheColumn() {
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n"
                + row("alice", "/", "2026-01-01T00:00:00+00:00", "maybe", NO_KEY, NO_KEY)))
                .hasMessage("credential report line 2: password_enabled is not true or false: 'maybe'");
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n"
                + row("alice", "/", "yesterday", "true", NO_KEY, NO_KEY)))
                .hasMessage("credential report line 2: user_creation_time is not an ISO 8601 time: 'yesterday'");
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n"
                + row("alice", "/", "N/A", "true", NO_KEY, NO_KEY)))
                .hasMessage("credential report line 2: user_creation_time is missing");
    }

    // Regressions found by the property tests of credential reports, now CredentialReportParserFuzzTest (and review
    // of what they covered).

    @Test
    void aKeySlotNumberTooLargeForAnIntIsRejectedNamingTheColumn() {
        // Was: NumberFormatException from Integer.parseInt.
        assertThatThrownBy(() -> CredentialReportParser.parse(
                HEADER.replace("access_key_2_active", "access_key_99999999999_active") + "\n"))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("not an IAM credential report: the header has key column 'access_key_99999999999_active', "
                        + "but key slots are numbered 1 to 99");
    }

    @Test
    void aKeySlotNumberWithALeadingZeroIsRejectedNamingTheColumn() {
        // Was: slot 1, whose active column access_key_1_active the header lacks: a NullPointerException per row.
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER.replace("access_key_1_active", "access_key_01_active")
                + "\n" + row("alice", "/", "2026-01-01T00:00:00Z", "true", NO_KEY, NO_KEY)))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("not an IAM credential report: the header has key column 'access_key_01_active', "
                        + "but key slots are numbered 1 to 99");
    }

    @Test
    void aColumnNamedTwiceInTheHeaderIsRejected() {
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER.replace("mfa_active", "password_enabled") + "\n"))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("not an IAM credential report: the header names column 'password_enabled' twice");
    }

    @ParameterizedTest(name = "user name {0} is rejected")
    @ValueSource(strings = {"ali\u0000ce", "ali\uFEFFce", "ali ce", "alicé", "<root>"})
    void aRowWhoseUserIsNotAnIamUserNameIsRejected(String name) {
        // Was: read as a user of that name (a BOM or NUL inserted into a row went unnoticed).
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n"
                + row(name, "/", "2026-01-01T00:00:00+00:00", "true", NO_KEY, NO_KEY)))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessageStartingWith("credential report line 2: user '")
                .hasMessageEndingWith("' is not an IAM user name (1-64 letters, digits and +=,.@_-)")
                .hasMessageNotContainingAny("\u0000", "\uFEFF");
    }

    @Test
    void aRowWhoseArnIsNotAnIamUserArnIsRejected() {
        String row = row("alice", "/", "2026-01-01T00:00:00+00:00", "true", NO_KEY, NO_KEY)
                .replace("arn:aws:iam::123456789012:user/alice", "arn:aws:s3:::bucket/alice");

        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + row))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("credential report line 2: arn 'arn:aws:s3:::bucket/alice' is not an IAM user arn "
                        + "(arn:<partition>:iam::<account>:user/<path><name>)");
    }

    @Test
    void aRejectedValueIsShownEscapedAndCutSoTheMessageStaysOneShortLine() {
        // Was: the value echoed whole, so a U+2028 or a megabyte of text went into the message.
        String value = "y\u2028" + "x".repeat(100_000);

        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n"
                + row("alice", "/", "2026-01-01T00:00:00+00:00", value, NO_KEY, NO_KEY)))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessageStartingWith("credential report line 2: password_enabled is not true or false: 'y\\u2028xxx")
                .hasMessageEndingWith("…' (100002 characters)")
                .hasMessageNotContaining("\u2028")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void aByteOrderMarkInsideTheAwsCliContentIsAcceptedLikeOneInAFile() {
        // Was: "the first line must be its header", though the same CSV in a file was read.
        String csv = "\uFEFF" + HEADER + "\n" + row("erin", "/", "2026-01-01T00:00:00+00:00", "true", NO_KEY, NO_KEY);

        assertThat(CredentialReportParser.parse(cliJson(base64(csv), "\"2026-02-01T12:00:00+00:00\"")).rows())
                .extracting(CredentialReportRow::userName).containsExactly("erin");
        assertThatThrownBy(() -> CredentialReportParser.parse(cliJson(base64("\uFEFF"), "null")))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("not an IAM credential report: Content is empty");
    }

    @Test
    void corruptedBase64IsRejectedRatherThanDecodedAroundTheDamage() {
        // Was: the MIME decoder skipped characters outside the alphabet and decoded the rest.
        String content = base64(HEADER + "\n" + row("erin", "/", "2026-01-01T00:00:00+00:00", "true", NO_KEY, NO_KEY));
        String damaged = content.substring(0, 40) + "*" + content.substring(40);

        assertThatThrownBy(() -> CredentialReportParser.parse(cliJson(damaged, "null")))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessageStartingWith("not an IAM credential report: Content is not base64 (");
    }

    @Test
    void contentThatIsNotUtf8IsRejected() {
        // Was: decoded with replacement characters, so a damaged name became another name.
        byte[] bytes = (HEADER + "\nalice").getBytes(StandardCharsets.UTF_8);
        bytes[bytes.length - 1] = (byte) 0xC3;

        assertThatThrownBy(() -> CredentialReportParser.parse(cliJson(Base64.getEncoder().encodeToString(bytes), "null")))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("not an IAM credential report: Content is not UTF-8 text");
    }

    @ParameterizedTest(name = "awscli JSON {0} is rejected")
    @ValueSource(strings = {"{Content: 'dXNlcg=='}", "{\"Content\": 42}", "{\"Content\": [\"dXNlcg==\"]}",
        "{\"Content\": \"dXNlcg==\"} trailing"})
    void jsonThatTheAwsCliDoesNotWriteIsRejected(String json) {
        // Was: Gson's lenient parser took unquoted names, single quotes and numbers for strings.
        assertThatThrownBy(() -> CredentialReportParser.parse(json))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessageStartingWith("not an IAM credential report: JSON input must be the output");
    }

    @Test
    void aGeneratedTimeThatIsNotATimeIsRejectedNotIgnored() {
        String content = base64(HEADER + "\n");

        assertThatThrownBy(() -> CredentialReportParser.parse(cliJson(content, "1700000000")))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("credential report: GeneratedTime is not an ISO 8601 time: '1700000000'");
    }

    // Issue 14: a report that contradicts itself is refused, never evaluated.

    @Test
    void anActiveKeyWithoutACreationTimeIsRefusedNamingTheLineAndBothFields() {
        // Was: read as "no key", so this console user was COMPLIANT "without access keys".
        String alice = "alice,arn:aws:iam::123456789012:user/alice,2024-01-01T00:00:00+00:00,true,no_information,"
                + "2024-01-01T00:00:00+00:00,N/A,false,true,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A";

        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + ROOT + "\n" + alice))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("credential report line 3: access_key_1_active is 'true' but access_key_1_last_rotated is "
                        + "'N/A': an active key has a creation time");
    }

    @Test
    void aLastUseOfASlotWithoutAKeyIsRefused() {
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + row("alice", "/", "2026-01-01T00:00:00Z",
                "true", "false,N/A,2026-02-01T00:00:00+00:00,us-east-1,s3", NO_KEY)))
                .hasMessage("credential report line 2: access_key_1_last_used_date is '2026-02-01T00:00:00+00:00' but "
                        + "access_key_1_last_rotated is 'N/A': a slot without a key has no use");
    }

    @Test
    void aLastUsedRegionOrServiceWithoutADateIsRefused() {
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + row("alice", "/", "2026-01-01T00:00:00Z",
                "true", NO_KEY, "true,2026-01-01T00:00:05+00:00,N/A,N/A,s3")))
                .hasMessage("credential report line 2: access_key_2_last_used_service is 's3' but "
                        + "access_key_2_last_used_date is 'N/A': a key's last use has a date wherever it has a service");
    }

    @Test
    void aKeyOlderThanItsUserIsRefused() {
        // Was: "created -3600s after the user", so not a setup key: COMPLIANT from a damaged creation time.
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + row("alice", "/", "2026-01-01T01:00:00Z",
                "true", "true,2026-01-01T00:00:00+00:00,N/A,N/A,N/A", NO_KEY)))
                .hasMessage("credential report line 2: access_key_1_last_rotated is '2026-01-01T00:00:00+00:00' but "
                        + "user_creation_time is '2026-01-01T01:00:00Z': a key is not older than its user");
    }

    @ParameterizedTest(name = "{0} and {1} are one user")
    @CsvSource({"alice,alice", "Alice,alice", "ops.ADMIN,Ops.Admin"})
    void aUserInTwoRowsIsRefusedNamingBothLines(String first, String second) {
        // Was: two verdicts for one user, possibly contradictory.
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + ROOT + "\n"
                + row(first, "/", "2026-01-01T00:00:00Z", "true", NO_KEY, NO_KEY) + "\n"
                + row("bob", "/", "2026-01-01T00:00:00Z", "true", NO_KEY, NO_KEY) + "\n"
                + row(second, "/", "2026-01-01T00:00:00Z", "false", NO_KEY, NO_KEY)))
                .isInstanceOf(CredentialReportFormatException.class)
                .hasMessage("credential report lines 3 and 5 are the same user, '" + first + "' and '" + second
                        + "' (IAM user names are unique ignoring case)");
    }

    @Test
    void theRootAccountRowTwiceIsRefused() {
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + ROOT + "\n" + ROOT))
                .hasMessage("credential report lines 2 and 3 are the same user, '<root_account>' and '<root_account>' "
                        + "(IAM user names are unique ignoring case)");
    }

    @Test
    void rowsOfTwoAccountsAreRefused() {
        // Two reports pasted together, the second without its header.
        String other = row("bob", "/", "2026-01-01T00:00:00Z", "true", NO_KEY, NO_KEY).replace("123456789012", "999999999999");

        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + ROOT + "\n" + other))
                .hasMessage("credential report line 3 is in 'arn:aws:iam::999999999999', line 2 in "
                        + "'arn:aws:iam::123456789012': a report covers one account");
    }

    @Test
    void aRootAccountRowWithAnotherArnIsRefused() {
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + ROOT.replace(":root,", ":user/root,")))
                .hasMessage("credential report line 2: arn 'arn:aws:iam::123456789012:user/root' is not the root "
                        + "account's arn (arn:<partition>:iam::<account>:root)");
    }

    @Test
    void aRootAccountRowWhoseFieldsDisagreeIsRefusedLikeAnyOther() {
        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n"
                + ROOT.replace("true,false,N/A,N/A,N/A,N/A,false", "true,true,N/A,N/A,N/A,N/A,false")))
                .hasMessageStartingWith("credential report line 2: access_key_1_active is 'true' but");
    }

    @Test
    void aRowWithMoreFieldsThanTheHeaderSaysSo() {
        // Was: "arn '…,2026-01-01T00:00:00Z' does not end with the user name", blaming the arn for an extra field.
        String row = row("alice", "/", "2026-01-01T00:00:00Z", "true", NO_KEY, NO_KEY) + ",extra";

        assertThatThrownBy(() -> CredentialReportParser.parse(HEADER + "\n" + row))
                .hasMessageStartingWith("credential report line 2: has 23 fields, the header has 22: ");
    }

    @ParameterizedTest(name = "{0} and {1}")
    @CsvSource({"TRUE,FALSE", "True,False", "tRuE,fAlSe"})
    void trueAndFalseAreReadInAnyCase(String yes, String no) {
        CredentialReport report = CredentialReportParser.parse(HEADER + "\n" + row("alice", "/", "2026-01-01T00:00:00Z",
                yes, yes + ",2026-01-01T00:00:05+00:00,N/A,N/A,N/A", no + ",2026-01-01T00:00:06+00:00,N/A,N/A,N/A"));

        assertThat(report.rows().get(0).passwordEnabled()).isTrue();
        assertThat(report.rows().get(0).accessKeys()).extracting(AccessKeyFacts::status)
                .containsExactly(KeyStatus.ACTIVE, KeyStatus.INACTIVE);
    }

    @Test
    void aReportReSavedWithRfc4180QuotingReadsLikeTheUnquotedOriginal() {
        String jake = row("jake", "/", "2026-01-01T00:00:00+00:00", "false", NO_KEY, NO_KEY);
        String original = HEADER + "\n" + ROOT + "\n"
                + row("ops,admin", "/team,x/", "2026-01-01T00:00:00+00:00", "true",
                        "true,2026-01-01T00:00:05+00:00,N/A,N/A,N/A", NO_KEY) + "\n" + jake + "\n";
        // As pandas writes it (quotes where a field holds a comma), and as the issue found it ("jake" quoted alone).
        String pandas = original
                .replace("ops,admin,arn:aws:iam::123456789012:user/team,x/ops,admin,",
                        "\"ops,admin\",\"arn:aws:iam::123456789012:user/team,x/ops,admin\",")
                .replace("jake,arn:", "\"jake\",arn:");
        // Every field quoted (a spreadsheet's "quote all text cells").
        String allQuoted = quoteAll(HEADER) + "\n" + quoteAll(ROOT) + "\n" + quoteAll(jake) + "\n";

        assertThat(CredentialReportParser.parse(pandas)).isEqualTo(CredentialReportParser.parse(original));
        assertThat(CredentialReportParser.parse(allQuoted))
                .isEqualTo(CredentialReportParser.parse(HEADER + "\n" + ROOT + "\n" + jake));
    }

    @Test
    void quotesInAPathAreReadAsIamWritesThem() {
        // IAM quotes nothing, and a path may hold quotes and commas: the unquoted reading comes first.
        String csv = HEADER + "\n" + row("alice", "/x,\"y\",/", "2026-01-01T00:00:00+00:00", "true", NO_KEY, NO_KEY);

        assertThat(CredentialReportParser.parse(csv).rows()).singleElement()
                .satisfies(row -> assertThat(row.arn()).isEqualTo("arn:aws:iam::123456789012:user/x,\"y\",/alice"));
    }

    @Test
    void jsonWhoseContentIsAlreadyDecodedIsRead() {
        String csv = HEADER + "\n" + row("erin", "/", "2026-01-01T00:00:00+00:00", "true", NO_KEY, NO_KEY) + "\n";
        JsonObject json = new JsonObject();
        json.addProperty("Content", csv);
        json.addProperty("ReportFormat", "text/csv");
        json.addProperty("GeneratedTime", "2026-02-01T12:00:00+00:00");

        CredentialReport report = CredentialReportParser.parse(json.toString());

        assertThat(report.generatedAt()).contains(Instant.parse("2026-02-01T12:00:00Z"));
        assertThat(report.rows()).extracting(CredentialReportRow::userName).containsExactly("erin");
    }

    @Test
    void theBareBase64OfTheAwsCliTextOutputIsRead() {
        // aws iam get-credential-report --query Content --output text > report.b64 (one line, or wrapped)
        String csv = HEADER + "\n" + ROOT + "\n" + row("erin", "/", "2026-01-01T00:00:00+00:00", "true", NO_KEY, NO_KEY);

        assertThat(CredentialReportParser.parse(base64(csv) + "\n").rows()).extracting(CredentialReportRow::userName)
                .containsExactly("erin");
        assertThat(CredentialReportParser.parse(Base64.getMimeEncoder().encodeToString(csv.getBytes(StandardCharsets.UTF_8)))
                .rootAccountRow()).isTrue();
    }

    private static String quoteAll(String line) {
        return Arrays.stream(line.split(",", -1)).map(field -> "\"" + field + "\"").collect(Collectors.joining(","));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String cliJson(String content, String generatedTime) {
        return "{\"Content\": \"" + content + "\", \"ReportFormat\": \"text/csv\", \"GeneratedTime\": " + generatedTime + "}";
    }
}
