package testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A GitLab-shaped OIDC issuer for tests: a fresh RSA key, tokens carrying every claim GitLab
 * sets, and (once started) discovery and JWKS on 127.0.0.1 at GitLab's paths.
 */
public final class TestIssuer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final List<SigningKey> keys = new ArrayList<>();
    private String issuer;
    private HttpServer server;
    private String discoveryOverride;

    public record SigningKey(String kid, KeyPair pair) {}

    public TestIssuer() {
        this("https://gitlab.example.com");
    }

    public TestIssuer(String issuer) {
        this.issuer = issuer;
        keys.add(newKey());
    }

    /** Serves discovery and keys on 127.0.0.1; the issuer becomes that URL. */
    public TestIssuer start() throws IOException {
        return start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");
    }

    /** The same over TLS (https://127.0.0.1:PORT) with the server certificate of {@code tls}, e.g. {@link TestCa#serverContext()}. */
    public TestIssuer startTls(javax.net.ssl.SSLContext tls) throws IOException {
        com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        return start(https, "https");
    }

    private TestIssuer start(HttpServer http, String scheme) {
        server = http;
        issuer = scheme + "://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", exchange ->
                respond(exchange, discoveryOverride != null ? discoveryOverride : discoveryDocument()));
        server.createContext("/oauth/discovery/keys", exchange -> respond(exchange, jwks()));
        server.start();
        return this;
    }

    public String issuer() {
        return issuer;
    }

    public SigningKey currentKey() {
        return keys.get(keys.size() - 1);
    }

    /** Adds a new signing key; the old one stays published, as during a GitLab key rotation. */
    public SigningKey rotate() {
        keys.add(newKey());
        return currentKey();
    }

    /** Stops publishing every key but the current one. */
    public void retireOldKeys() {
        keys.subList(0, keys.size() - 1).clear();
    }

    public void overrideDiscovery(String document) {
        this.discoveryOverride = document;
    }

    /** The claims GitLab puts in a job's ID token for a pipeline on a protected branch. */
    public Map<String, Object> defaultClaims() {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("namespace_id", "72");
        claims.put("namespace_path", "acme");
        claims.put("project_id", "4242");
        claims.put("project_path", "acme/webshop");
        claims.put("user_id", "17");
        claims.put("user_login", "jdoe");
        claims.put("user_email", "jdoe@example.com");
        claims.put("user_access_level", "maintainer");
        claims.put("pipeline_id", "900001");
        claims.put("pipeline_source", "push");
        claims.put("job_id", "7000001");
        claims.put("ref", "main");
        claims.put("ref_type", "branch");
        claims.put("ref_path", "refs/heads/main");
        claims.put("ref_protected", "true");
        claims.put("environment", "production");
        claims.put("environment_protected", "true");
        claims.put("deployment_tier", "production");
        claims.put("environment_action", "start");
        claims.put("runner_id", 12);
        claims.put("runner_environment", "self-hosted");
        claims.put("sha", "0f3c8ea0d1b2c3d4e5f60718293a4b5c6d7e8f90");
        claims.put("ci_config_ref_uri", "gitlab.example.com/acme/webshop//.gitlab-ci.yml@refs/heads/main");
        claims.put("ci_config_sha", "0f3c8ea0d1b2c3d4e5f60718293a4b5c6d7e8f90");
        claims.put("project_visibility", "private");
        claims.put("job_project_id", "4242");
        claims.put("job_project_path", "acme/webshop");
        claims.put("job_namespace_id", "72");
        claims.put("job_namespace_path", "acme");
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("iss", issuer);
        claims.put("iat", now);
        claims.put("nbf", now - 5);
        claims.put("exp", now + 300);
        claims.put("sub", "project_path:acme/webshop:ref_type:branch:ref:main");
        claims.put("aud", "sts.amazonaws.com");
        return claims;
    }

    /** A signed token with the default claims; an override with a null value removes that claim. */
    public String mint(Map<String, Object> overrides) {
        Map<String, Object> claims = defaultClaims();
        overrides.forEach((k, v) -> {
            if (v == null) claims.remove(k); else claims.put(k, v);
        });
        return sign(claims, currentKey(), "RS256");
    }

    public String mint() {
        return mint(Map.of());
    }

    public String sign(Map<String, Object> claims, SigningKey key, String alg) {
        try {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("kid", key.kid());
            header.put("typ", "JWT");
            header.put("alg", alg);
            String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.pair().getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String discoveryDocument() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer);
        doc.put("authorization_endpoint", issuer + "/oauth/authorize");
        doc.put("token_endpoint", issuer + "/oauth/token");
        doc.put("jwks_uri", issuer + "/oauth/discovery/keys");
        doc.put("response_types_supported", List.of("code"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return write(doc);
    }

    public String jwks() {
        List<Map<String, Object>> published = new ArrayList<>();
        for (SigningKey key : keys) {
            RSAPublicKey pub = (RSAPublicKey) key.pair().getPublic();
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kty", "RSA");
            jwk.put("kid", key.kid());
            jwk.put("e", B64.encodeToString(unsigned(pub.getPublicExponent())));
            jwk.put("n", B64.encodeToString(unsigned(pub.getModulus())));
            jwk.put("use", "sig");
            jwk.put("alg", "RS256");
            published.add(jwk);
        }
        return write(Map.of("keys", published));
    }

    @Override
    public void close() {
        if (server != null) server.stop(0);
    }

    private static SigningKey newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new SigningKey(UUID.randomUUID().toString().substring(0, 8), generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void respond(com.sun.net.httpserver.HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
