package io.github.setupkeys.rule.priming;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An HTTP client that never opens a connection: it answers, in memory and the way IAM and Config answer on
 * the wire, the calls the rule makes for two made-up users of account {@value #ACCOUNT} — {@value #CONSOLE_USER}
 * (console password, an unused setup key) and {@value #SERVICE_USER} (a setup key in the credential report, so
 * a candidate, but no password: IAM answers {@code NoSuchEntity}). Priming runs the handler over it so that the SDK's marshalling, signing, endpoint,
 * retry and unmarshalling code (errors included) runs before a SnapStart snapshot without the network.
 *
 * <p>Its answers carry no {@code Date} header, so the SDK learns no clock skew from them.
 */
public final class PrimingHttpClient implements SdkHttpClient {

    public static final String ACCOUNT = "000000000000";
    public static final String CONSOLE_USER = "primer";
    public static final String CONSOLE_USER_ID = "AIDAPRIMINGPRIMER0001";
    public static final String SERVICE_USER = "primer-service";
    /** A user Config still holds a result for but IAM no longer knows (the periodic run's clean-up). */
    public static final String GONE_USER_ID = "AIDAPRIMINGGONEUSER01";

    private static final String IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final String CONFIG_TARGET_PREFIX = "StarlingDoveService.";
    private static final String CREATED = "2026-01-01T00:00:00Z";
    private static final String KEY_CREATED = "2026-01-01T00:00:05Z";
    private static final String REPORT = String.join("\n",
            "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
                    + "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
                    + "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
                    + "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
                    + "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,"
                    + "cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
            "<root_account>,arn:aws:iam::" + ACCOUNT + ":root,2025-01-01T00:00:00+00:00,not_supported,N/A,"
                    + "not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
            CONSOLE_USER + ",arn:aws:iam::" + ACCOUNT + ":user/" + CONSOLE_USER + ",2026-01-01T00:00:00+00:00,true,"
                    + "no_information,2026-01-01T00:00:00+00:00,N/A,false,true,2026-01-01T00:00:05+00:00,N/A,N/A,N/A,"
                    + "false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
            SERVICE_USER + ",arn:aws:iam::" + ACCOUNT + ":user/" + SERVICE_USER + ",2026-01-01T00:00:00+00:00,false,"
                    + "N/A,N/A,N/A,false,true,2026-01-01T00:00:05+00:00,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,"
                    + "false,N/A");

    private final List<String> answered = Collections.synchronizedList(new ArrayList<>());

    /** The calls answered so far, as {@code iam:GetUser} or {@code config:PutEvaluations}, in order. */
    public List<String> answered() {
        synchronized (answered) {
            return List.copyOf(answered);
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                return answer(request);
            }

            @Override
            public void abort() {
                // nothing in flight
            }
        };
    }

    @Override
    public String clientName() {
        return "SetupKeysPriming";
    }

    @Override
    public void close() {
        // holds nothing
    }

    private HttpExecuteResponse answer(HttpExecuteRequest request) {
        String body = request.contentStreamProvider().map(provider -> read(provider.newStream())).orElse("");
        Optional<String> target = request.httpRequest().firstMatchingHeader("X-Amz-Target");
        if (target.isPresent() && target.get().startsWith(CONFIG_TARGET_PREFIX)) {
            String action = target.get().substring(CONFIG_TARGET_PREFIX.length());
            answered.add("config:" + action);
            return response(200, "application/x-amz-json-1.1", config(action));
        }
        String action = formValue(body, "Action").orElse("");
        answered.add("iam:" + action);
        Optional<String> userName = formValue(body, "UserName");
        if (action.equals("GetLoginProfile") && !userName.equals(Optional.of(CONSOLE_USER))) {
            return response(404, "text/xml", "<ErrorResponse xmlns=\"" + IAM_NAMESPACE + "\"><Error><Type>Sender</Type>"
                    + "<Code>NoSuchEntity</Code><Message>Login Profile for User " + userName.orElse("")
                    + " cannot be found.</Message></Error><RequestId>priming</RequestId></ErrorResponse>");
        }
        return response(200, "text/xml", iam(action));
    }

    private static String iam(String action) {
        String result = switch (action) {
            case "GetUser" -> "<User>" + user(CONSOLE_USER, CONSOLE_USER_ID) + "</User>";
            case "ListUsers" -> "<Users><member>" + user(CONSOLE_USER, CONSOLE_USER_ID) + "</member><member>"
                    + user(SERVICE_USER, "AIDAPRIMINGSERVICE001") + "</member></Users><IsTruncated>false</IsTruncated>";
            case "GetLoginProfile" -> "<LoginProfile><UserName>" + CONSOLE_USER + "</UserName><CreateDate>" + CREATED
                    + "</CreateDate><PasswordResetRequired>false</PasswordResetRequired></LoginProfile>";
            case "ListAccessKeys" -> "<AccessKeyMetadata><member><UserName>" + CONSOLE_USER + "</UserName>"
                    + "<AccessKeyId>AKIAPRIMINGPRIMER001</AccessKeyId><Status>Active</Status><CreateDate>" + KEY_CREATED
                    + "</CreateDate></member></AccessKeyMetadata><IsTruncated>false</IsTruncated>";
            case "GetAccessKeyLastUsed" -> "<UserName>" + CONSOLE_USER + "</UserName><AccessKeyLastUsed>"
                    + "<Region>N/A</Region><ServiceName>N/A</ServiceName></AccessKeyLastUsed>";
            case "ListUserTags" -> "<Tags><member><Key>team</Key><Value>priming</Value></member></Tags>"
                    + "<IsTruncated>false</IsTruncated>";
            case "GenerateCredentialReport" -> "<State>COMPLETE</State>";
            case "GetCredentialReport" -> "<Content>"
                    + Base64.getEncoder().encodeToString(REPORT.getBytes(StandardCharsets.UTF_8))
                    + "</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-01-01T12:00:00Z</GeneratedTime>";
            default -> throw new IllegalStateException("priming has no answer for iam:" + action);
        };
        return "<" + action + "Response xmlns=\"" + IAM_NAMESPACE + "\"><" + action + "Result>" + result + "</" + action
                + "Result><ResponseMetadata><RequestId>priming</RequestId></ResponseMetadata></" + action + "Response>";
    }

    private static String config(String action) {
        return switch (action) {
            case "PutEvaluations" -> "{\"FailedEvaluations\":[]}";
            case "GetComplianceDetailsByConfigRule" -> "{\"EvaluationResults\":[{\"EvaluationResultIdentifier\":"
                    + "{\"EvaluationResultQualifier\":{\"ConfigRuleName\":\"priming\",\"ResourceType\":\"AWS::IAM::User\","
                    + "\"ResourceId\":\"" + GONE_USER_ID + "\",\"EvaluationMode\":\"DETECTIVE\"},"
                    + "\"OrderingTimestamp\":1767225600},\"ComplianceType\":\"COMPLIANT\","
                    + "\"ResultRecordedTime\":1767225603.25,\"ConfigRuleInvokedTime\":1767225601.5,"
                    + "\"Annotation\":\"Console user without access keys.\",\"ResultToken\":\"priming\"}]}";
            default -> throw new IllegalStateException("priming has no answer for config:" + action);
        };
    }

    private static String user(String name, String id) {
        return "<Path>/</Path><UserName>" + name + "</UserName><UserId>" + id + "</UserId><Arn>arn:aws:iam::" + ACCOUNT
                + ":user/" + name + "</Arn><CreateDate>" + CREATED + "</CreateDate>";
    }

    private static HttpExecuteResponse response(int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return HttpExecuteResponse.builder()
                .response(SdkHttpResponse.builder().statusCode(status)
                        .putHeader("Content-Type", contentType)
                        .putHeader("Content-Length", Integer.toString(bytes.length))
                        .putHeader("x-amzn-RequestId", "priming")
                        .build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                .build();
    }

    private static Optional<String> formValue(String form, String name) {
        for (String pair : form.split("&")) {
            if (pair.startsWith(name + "=")) {
                return Optional.of(URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
