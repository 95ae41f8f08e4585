package testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import lib.sts.RetryPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityRequest;
import software.amazon.awssdk.services.sts.model.AssumeRoleWithWebIdentityResponse;
import software.amazon.awssdk.services.sts.model.ExpiredTokenException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;
import software.amazon.awssdk.services.sts.model.IdpCommunicationErrorException;
import software.amazon.awssdk.services.sts.model.IdpRejectedClaimException;
import software.amazon.awssdk.services.sts.model.InvalidIdentityTokenException;
import software.amazon.awssdk.services.sts.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.sts.model.PackedPolicyTooLargeException;
import software.amazon.awssdk.services.sts.model.RegionDisabledException;
import software.amazon.awssdk.services.sts.model.StsException;
import testkit.FaultSts.Identity;
import testkit.FaultSts.Step;

class FaultStsTest {
    private static final String ROLE_ARN = "arn:aws:iam::111122223333:role/gitlab-deploy";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestIssuer issuer = new TestIssuer();
    private final List<StsClient> clients = new ArrayList<>();
    private FaultSts sts;

    @BeforeEach
    void startServer() {
        sts = FaultSts.start();
    }

    @AfterEach
    void stopServer() {
        clients.forEach(StsClient::close);
        sts.close();
    }

    @Test
    void successParsesIntoTheConfiguredCredentials() {
        Instant expiration = Instant.parse("2026-03-04T05:06:07Z");
        Identity identity = sts.identity().withAccount("210987654321").withRole("deployer").withExpiration(expiration);
        sts.script(Step.success(identity));

        AssumeRoleWithWebIdentityResponse response = noRetryClient().assumeRoleWithWebIdentity(exchange());

        assertEquals(identity.accessKeyId(), response.credentials().accessKeyId());
        assertTrue(response.credentials().accessKeyId().startsWith("ASIA"));
        assertEquals(identity.secretAccessKey(), response.credentials().secretAccessKey());
        assertEquals(identity.sessionToken(), response.credentials().sessionToken());
        assertEquals(expiration, response.credentials().expiration());
        assertEquals("arn:aws:sts::210987654321:assumed-role/deployer/job-7000001", response.assumedRoleUser().arn());
        assertEquals(identity.roleId() + ":job-7000001", response.assumedRoleUser().assumedRoleId());
        assertEquals("project_path:acme/webshop:ref_type:branch:ref:main", response.subjectFromWebIdentityToken());
        assertEquals("sts.amazonaws.com", response.audience());
        assertEquals("arn:aws:iam::210987654321:oidc-provider/gitlab.example.com", response.provider());
        assertEquals(sts.requests().get(0).requestId(), response.responseMetadata().requestId());
    }

    @Test
    void successTakesAccountRoleAndExpiryFromTheRequestByDefault() {
        Instant before = Instant.now().minusSeconds(1);

        AssumeRoleWithWebIdentityResponse response = noRetryClient().assumeRoleWithWebIdentity(exchange());

        assertEquals("arn:aws:sts::111122223333:assumed-role/gitlab-deploy/job-7000001", response.assumedRoleUser().arn());
        Instant expiration = response.credentials().expiration();
        assertFalse(expiration.isBefore(before.plusSeconds(900)), "expiration " + expiration);
        assertTrue(expiration.isBefore(Instant.now().plusSeconds(901)), "expiration " + expiration);
    }

    @Test
    void getCallerIdentityAnswersWithTheConfiguredAccountToASignedRequest() {
        sts.identity(sts.identity().withAccount("444455556666").withRole("deployer").withSession("job-1"));
        AwsCredentialsProvider signer = StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret"));

        GetCallerIdentityResponse response = client(signer, c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .getCallerIdentity();

        assertEquals("444455556666", response.account());
        assertEquals("arn:aws:sts::444455556666:assumed-role/deployer/job-1", response.arn());
        assertEquals(sts.identity().roleId() + ":job-1", response.userId());
        FaultSts.Request request = sts.requests().get(0);
        assertEquals("GetCallerIdentity", request.action());
        assertTrue(request.header("authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
                request.header("Authorization"));
    }

    /**
     * Status and modelled exception from the STS service model; transient or not from STS's documentation
     * (docs/domain notes): what AssumeRole's RetryPolicy must conclude from what a real SDK client surfaces.
     */
    static Stream<Arguments> errorCodes() {
        return Stream.of(
                Arguments.of("AccessDenied", 403, StsException.class, false),
                Arguments.of("InvalidIdentityToken", 400, InvalidIdentityTokenException.class, true),
                Arguments.of("IDPCommunicationError", 400, IdpCommunicationErrorException.class, true),
                Arguments.of("IDPRejectedClaim", 403, IdpRejectedClaimException.class, false),
                Arguments.of("ExpiredTokenException", 400, ExpiredTokenException.class, false),
                Arguments.of("MalformedPolicyDocument", 400, MalformedPolicyDocumentException.class, false),
                Arguments.of("PackedPolicyTooLarge", 400, PackedPolicyTooLargeException.class, false),
                Arguments.of("ValidationError", 400, StsException.class, false),
                Arguments.of("RegionDisabledException", 403, RegionDisabledException.class, false),
                Arguments.of("Throttling", 400, StsException.class, true),
                Arguments.of("InternalFailure", 500, StsException.class, true),
                Arguments.of("ServiceUnavailable", 503, StsException.class, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errorCodes")
    void eachErrorCodeReachesARealClientAsTheServiceSendsIt(String code, int status, Class<? extends StsException> modeled,
                                                           boolean transientFailure) {
        sts.script(Step.error(code));

        AwsServiceException error = assertThrows(AwsServiceException.class,
                () -> noRetryClient().assumeRoleWithWebIdentity(exchange()));

        assertInstanceOf(modeled, error);
        assertEquals(code, error.awsErrorDetails().errorCode());
        assertEquals(status, error.statusCode());
        FaultSts.Request request = sts.requests().get(0);
        assertNotNull(request.requestId());
        assertEquals(request.requestId(), error.requestId());
        assertFalse(String.valueOf(error.awsErrorDetails().errorMessage()).isBlank(), "no message");
        assertEquals(transientFailure, RetryPolicy.isTransient(error), code + " classified as " + (transientFailure ? "permanent" : "transient"));
    }

    @Test
    void anExpiredTokenMessageCarriesTheTimesAsTheServiceWritesThem() {
        sts.script(Step.error("ExpiredTokenException"));

        AwsServiceException error = assertThrows(AwsServiceException.class,
                () -> noRetryClient().assumeRoleWithWebIdentity(exchange()));

        String message = error.awsErrorDetails().errorMessage();
        assertTrue(message.matches("Token expired: current date/time \\d+ must be before the expiration date/time \\d+"), message);
    }

    @Test
    void errorCarriesTheScriptedMessage() {
        sts.script(Step.error("InvalidIdentityToken", "Incorrect token audience"),
                Step.error("InvalidIdentityToken", "No OpenIDConnect provider found in your account for https://gitlab.example.com"));
        StsClient client = noRetryClient();

        StsException first = assertThrows(StsException.class, () -> client.assumeRoleWithWebIdentity(exchange()));
        StsException second = assertThrows(StsException.class, () -> client.assumeRoleWithWebIdentity(exchange()));

        assertEquals("Incorrect token audience", first.awsErrorDetails().errorMessage());
        assertEquals("No OpenIDConnect provider found in your account for https://gitlab.example.com",
                second.awsErrorDetails().errorMessage());
    }

    @Test
    void throttlesThenSuccessAreRetriedByTheDefaultRetries() {
        sts.script(Step.throttling().times(2), Step.success());

        AssumeRoleWithWebIdentityResponse response = client(AnonymousCredentialsProvider.create(), c -> {})
                .assumeRoleWithWebIdentity(exchange());

        assertEquals(sts.identity().accessKeyId(), response.credentials().accessKeyId());
        List<FaultSts.Request> requests = sts.requests();
        assertEquals(3, requests.size());
        assertEquals(List.of("error Throttling 400", "error Throttling 400", "success"),
                requests.stream().map(FaultSts.Request::answer).toList());
        assertTrue(requests.get(2).header("amz-sdk-request").startsWith("attempt=3;"), requests.get(2).header("amz-sdk-request"));
    }

    @Test
    void status503ForeverExhaustsTheDefaultRetries() {
        sts.script(Step.status(503).forever(), Step.success());

        AwsServiceException error = assertThrows(AwsServiceException.class,
                () -> client(AnonymousCredentialsProvider.create(), c -> {}).assumeRoleWithWebIdentity(exchange()));

        assertEquals(503, error.statusCode());
        assertEquals("ServiceUnavailable", error.awsErrorDetails().errorCode());
        List<FaultSts.Request> requests = sts.requests();
        // the SDK announces its attempt budget in amz-sdk-request (4 in 2.57.8's default legacy mode)
        String budget = requests.get(0).header("amz-sdk-request").replaceFirst(".*max=(\\d+).*", "$1");
        assertTrue(Integer.parseInt(budget) > 1, budget);
        assertEquals(Integer.parseInt(budget), requests.size());
    }

    @Test
    void malformedXmlSurfacesAsAClientError() {
        sts.script(Step.malformed());

        SdkClientException error = assertThrows(SdkClientException.class,
                () -> noRetryClient().assumeRoleWithWebIdentity(exchange()));

        assertTrue(error.getMessage().contains("Unable to unmarshall response"), error.toString());
        assertEquals(1, sts.requests().size());
    }

    @Test
    void droppedConnectionSurfacesAsSdkClientException() {
        sts.script(Step.drop().forever());

        SdkClientException error = assertThrows(SdkClientException.class,
                () -> noRetryClient().assumeRoleWithWebIdentity(exchange()));

        assertInstanceOf(IOException.class, rootCause(error), error.toString());
        assertEquals(1, sts.requests().size());
        assertEquals("drop", sts.requests().get(0).answer());
    }

    @Test
    void resetConnectionSurfacesAsSdkClientException() {
        sts.script(Step.reset().forever());

        SdkClientException error = assertThrows(SdkClientException.class,
                () -> noRetryClient().assumeRoleWithWebIdentity(exchange()));

        assertInstanceOf(IOException.class, rootCause(error), error.toString());
    }

    @Test
    void delayPastTheAttemptTimeoutSurfacesAsApiCallAttemptTimeout() {
        sts.script(Step.delay(Duration.ofSeconds(20)).then(Step.success()));
        StsClient client = client(AnonymousCredentialsProvider.create(), c -> c
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(Duration.ofMillis(500)));

        assertThrows(ApiCallAttemptTimeoutException.class, () -> client.assumeRoleWithWebIdentity(exchange()));
        assertEquals("success after 20000ms", sts.requests().get(0).answer());
    }

    @Test
    void recordsTheFormParametersOfEachRequest() {
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";
        String token = issuer.mint();

        noRetryClient().assumeRoleWithWebIdentity(r -> r.roleArn(ROLE_ARN).roleSessionName("job-42")
                .webIdentityToken(token).durationSeconds(1800).policy(policy)
                .policyArns(p -> p.arn("arn:aws:iam::aws:policy/ReadOnlyAccess"),
                        p -> p.arn("arn:aws:iam::111122223333:policy/extra")));

        FaultSts.Request request = sts.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("AssumeRoleWithWebIdentity", request.action());
        assertEquals("2011-06-15", request.param("Version"));
        assertEquals(ROLE_ARN, request.param("RoleArn"));
        assertEquals("job-42", request.param("RoleSessionName"));
        assertEquals(token, request.param("WebIdentityToken"));
        assertEquals("1800", request.param("DurationSeconds"));
        assertEquals(policy, request.param("Policy"));
        assertEquals(List.of("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::111122223333:policy/extra"),
                request.policyArns());
        assertTrue(request.header("Content-Type").startsWith("application/x-www-form-urlencoded"));
        assertNotNull(request.arrivedAt());
    }

    @Test
    void answersInArrivalOrderAndRepeatsTheLastStep() throws Exception {
        sts.script(Step.error("AccessDenied"), Step.throttling());

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 4; i++) statuses.add(post("Action=AssumeRoleWithWebIdentity&Version=2011-06-15").statusCode());

        assertEquals(List.of(403, 400, 400, 400), statuses);
    }

    @Test
    void emptyScriptAnswersSuccessAndUnknownActionsAsTheServiceDoes() throws Exception {
        HttpResponse<String> unknown = post("Action=AssumeRole&Version=2011-06-15");

        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("<Code>InvalidAction</Code>"), unknown.body());
        assertEquals(200, post("Action=GetCallerIdentity&Version=2011-06-15").statusCode());
    }

    @Test
    void otherStatusesAnswerWithAnHtmlPage() throws Exception {
        sts.script(Step.status(502));

        HttpResponse<String> response = post("Action=GetCallerIdentity&Version=2011-06-15");

        assertEquals(502, response.statusCode());
        assertEquals("text/html", response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void closeEndsAHangingRequestAndStopsListening() throws Exception {
        sts.script(Step.delay(Duration.ofMinutes(10)));
        int port = URI.create(sts.endpoint()).getPort();
        try (Socket hanging = new Socket("127.0.0.1", port)) {
            OutputStream out = hanging.getOutputStream();
            byte[] body = "Action=GetCallerIdentity&Version=2011-06-15".getBytes(StandardCharsets.US_ASCII);
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            sts.awaitRequests(1, Duration.ofSeconds(10));

            sts.close();

            hanging.setSoTimeout(10_000);
            assertEquals(-1, hanging.getInputStream().read(), "the hanging connection is closed without an answer");
        }
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                        .noneMatch(t -> t.getName().startsWith("fault-sts-") && t.isAlive()),
                "no FaultSts thread is left");
    }

    @Test
    void awsCliV2AcceptsTheSuccessResponse(@TempDir Path home) throws Exception {
        Proc.Result result = cli(home, "sts", "assume-role-with-web-identity", "--role-arn", ROLE_ARN,
                "--role-session-name", "job-7000001", "--web-identity-token", issuer.mint(), "--duration-seconds", "900");

        assertEquals(0, result.exitCode(), result.toString());
        JsonNode output = JSON.readTree(result.stdout());
        assertEquals(sts.identity().accessKeyId(), output.at("/Credentials/AccessKeyId").asText());
        assertEquals(sts.identity().secretAccessKey(), output.at("/Credentials/SecretAccessKey").asText());
        assertEquals(sts.identity().sessionToken(), output.at("/Credentials/SessionToken").asText());
        assertEquals("arn:aws:sts::111122223333:assumed-role/gitlab-deploy/job-7000001",
                output.at("/AssumedRoleUser/Arn").asText());
        assertEquals("sts.amazonaws.com", output.at("/Audience").asText());
        assertEquals("900", sts.requests().get(0).param("DurationSeconds"));
        assertEquals(null, sts.requests().get(0).header("Authorization"), "the CLI sends this operation unsigned");
    }

    @Test
    void awsCliV2ReportsTheErrorCodeAndMessage(@TempDir Path home) throws Exception {
        sts.script(Step.error("AccessDenied"));

        Proc.Result result = cli(home, "sts", "assume-role-with-web-identity", "--role-arn", ROLE_ARN,
                "--role-session-name", "job-7000001", "--web-identity-token", issuer.mint());

        assertEquals(254, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity"
                + " operation: Not authorized to perform sts:AssumeRoleWithWebIdentity"), result.toString());
    }

    @Test
    void awsCliV2AcceptsTheCallerIdentityResponse(@TempDir Path home) throws Exception {
        sts.identity(sts.identity().withAccount("444455556666"));

        Proc.Result result = cli(home, "sts", "get-caller-identity");

        assertEquals(0, result.exitCode(), result.toString());
        assertEquals("444455556666", JSON.readTree(result.stdout()).path("Account").asText());
        assertTrue(sts.requests().get(0).header("Authorization").startsWith("AWS4-HMAC-SHA256"));
    }

    private Proc.Result cli(Path home, String... args) throws IOException {
        Path config = Files.writeString(home.resolve("config"), "[default]\nregion = us-east-1\noutput = json\n");
        Path credentials = Files.writeString(home.resolve("credentials"),
                "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n");
        List<String> command = new ArrayList<>(List.of(Tools.awsCliV2()));
        command.addAll(List.of(args));
        command.addAll(List.of("--endpoint-url", sts.endpoint()));
        return Proc.of(command)
                .env(Map.of("HOME", home.toString(), "AWS_CONFIG_FILE", config.toString(),
                        "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(), "AWS_PAGER", ""))
                .timeout(120)
                .run();
    }

    private HttpResponse<String> post(String form) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sts.endpoint() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .timeout(Duration.ofSeconds(30))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    private AssumeRoleWithWebIdentityRequest exchange() {
        return AssumeRoleWithWebIdentityRequest.builder().roleArn(ROLE_ARN).roleSessionName("job-7000001")
                .webIdentityToken(issuer.mint()).durationSeconds(900).build();
    }

    private StsClient noRetryClient() {
        return client(AnonymousCredentialsProvider.create(), c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }

    private StsClient client(AwsCredentialsProvider credentials, Consumer<ClientOverrideConfiguration.Builder> override) {
        StsClient client = StsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentials)
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(sts.endpoint()))
                .overrideConfiguration(override)
                .build();
        clients.add(client);
        return client;
    }

    private static Throwable rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) cause = cause.getCause();
        return cause;
    }
}
