package lib.exchange;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

/**
 * An offline rehearsal of the exchange for building a class-data archive: a synthetic token, a
 * canned STS answer from a server on 127.0.0.1, a profile written into a scratch directory. It
 * loads the classes a real run loads, without a real token, a network call or a secret.
 */
public final class TrainingRun implements AutoCloseable {
    private static final String ANSWER = "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIATRAININGRUN00000</AccessKeyId>"
            + "<SecretAccessKey>training-run-not-a-secret</SecretAccessKey><SessionToken>training-run-not-a-token</SessionToken>"
            + "<Expiration>%s</Expiration></Credentials><SubjectFromWebIdentityToken>training</SubjectFromWebIdentityToken>"
            + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/training/training</Arn>"
            + "<AssumedRoleId>AROATRAINING:training</AssumedRoleId></AssumedRoleUser></AssumeRoleWithWebIdentityResult>"
            + "<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>"
            + "</AssumeRoleWithWebIdentityResponse>";

    private final HttpServer server;
    private final Path scratch;

    public TrainingRun() throws IOException {
        scratch = Files.createTempDirectory("aws-oidc-training");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = String.format(ANSWER, Instant.now().plusSeconds(3600)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public Map<String, String> environment() {
        long now = Instant.now().getEpochSecond();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(("{\"iss\":\"https://gitlab.example.com\",\"sub\":\"project_path:training:ref_type:branch:ref:main\","
                + "\"aud\":\"sts.amazonaws.com\",\"project_id\":\"1\",\"pipeline_id\":\"2\",\"job_id\":\"3\",\"iat\":" + now
                + ",\"nbf\":" + now + ",\"exp\":" + (now + 300) + "}").getBytes(StandardCharsets.UTF_8));
        return Map.of(
                "AWS_OIDC_TOKEN", header + "." + claims + ".dHJhaW5pbmc",
                "AWS_CONFIG_FILE", scratch.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", scratch.resolve("credentials").toString());
    }

    public RawInputs inputs() {
        return new RawInputs("arn:aws:iam::123456789012:role/training", "eu-west-1", "sts.amazonaws.com", "training",
                "3600", null, "static", "AWS_OIDC_TOKEN", null, null,
                "http://127.0.0.1:" + server.getAddress().getPort(), null, null, "1", "10", null, "10");
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        try (var files = Files.walk(scratch)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        }
    }
}
