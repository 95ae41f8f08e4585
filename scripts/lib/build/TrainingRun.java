package lib.build;

import lib.exchange.ExchangeInput;
import lib.exchange.RawInputs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An offline rehearsal of the exchange for building a class-data archive: a synthetic token, a
 * canned STS answer from a server on 127.0.0.1 (plain http, or TLS with a throwaway certificate
 * from the JDK's keytool), a profile written into a scratch directory. It loads the classes a real
 * run loads, without a real token, a network call or a secret.
 */
public final class TrainingRun implements AutoCloseable {
    /** The kind of STS endpoint to rehearse: an archive holds what that kind of run loads. */
    public enum Endpoint { http, tls }

    private static final String ANSWER = "<AssumeRoleWithWebIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
            + "<AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>ASIATRAININGRUN00000</AccessKeyId>"
            + "<SecretAccessKey>training-run-not-a-secret</SecretAccessKey><SessionToken>training-run-not-a-token</SessionToken>"
            + "<Expiration>%s</Expiration></Credentials><SubjectFromWebIdentityToken>training</SubjectFromWebIdentityToken>"
            + "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/training/training</Arn>"
            + "<AssumedRoleId>AROATRAINING:training</AssumedRoleId></AssumedRoleUser></AssumeRoleWithWebIdentityResult>"
            + "<ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>"
            + "</AssumeRoleWithWebIdentityResponse>";
    private static final String KEY_STORE_PASSWORD = "training-only";

    private final Path scratch;
    private final HttpServer server;
    private final String endpoint;

    public TrainingRun(Endpoint kind) throws IOException {
        scratch = Files.createTempDirectory("aws-oidc-training");
        if (kind == Endpoint.tls) {
            HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            try {
                https.setHttpsConfigurator(new HttpsConfigurator(serverTls(throwawayKeyStore())));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS for the rehearsal: " + e.getMessage(), e);
            }
            server = https;
        } else {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        server.createContext("/", TrainingRun::answer);
        server.start();
        endpoint = (kind == Endpoint.tls ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] body = String.format(ANSWER, Instant.now().plusSeconds(3600)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A self-signed RSA certificate for 127.0.0.1, which this JVM (and only this one) then trusts. */
    private Path throwawayKeyStore() throws IOException {
        Path keyStore = scratch.resolve("training.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "training", "-dname", "CN=127.0.0.1",
                "-ext", "san=ip:127.0.0.1", "-validity", "1", "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", KEY_STORE_PASSWORD, "-keypass", KEY_STORE_PASSWORD)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) throw new IOException("keytool failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        System.setProperty("javax.net.ssl.trustStore", keyStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", KEY_STORE_PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
        return keyStore;
    }

    private static SSLContext serverTls(Path keyStore) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            keys.load(in, KEY_STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, KEY_STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        return tls;
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
        Map<ExchangeInput, String> values = new EnumMap<>(ExchangeInput.class);
        values.put(ExchangeInput.ROLE_ARN, "arn:aws:iam::123456789012:role/training");
        values.put(ExchangeInput.REGION, "eu-west-1");
        values.put(ExchangeInput.PROFILE, "training");
        values.put(ExchangeInput.STS_ENDPOINT, endpoint);
        values.put(ExchangeInput.MAX_ATTEMPTS, "1");
        values.put(ExchangeInput.MAX_TOTAL_SECONDS, "10");
        return new RawInputs(values);
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
        try (var files = Files.walk(scratch)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(file);
        }
    }
}
