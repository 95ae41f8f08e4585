package lib.trust.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import lib.cli.UsageException;
import lib.trust.model.AwsConditionKeys;
import lib.trust.model.PolicyDocument;
import lib.trust.model.SubPattern;
import lib.trust.model.TrustStatement;
import lib.trust.read.Excerpt;

/**
 * The claim set explain evaluates: a JSON file of claims, an ID token (decoded locally, never
 * printed, signature not checked), or one built from flags the way GitLab builds a token.
 */
public final class ExplainClaims {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The variable behind explain's --ref-protected. */
    public static final String REF_PROTECTED_VARIABLE = "TRUST_POLICY_REF_PROTECTED_CLAIM";

    /** The claim flags of explain; null means not given. */
    public record Flags(String issuer, String projectPath, String ref, RefType refType, boolean refProtected,
                        String environment, String aud, String sub, String projectId, String namespaceId,
                        List<String> extraClaims) {}

    public enum RefType { branch, tag }

    /** branch or tag, any case; anything else is refused with exit 2. */
    public static final class RefTypes implements picocli.CommandLine.ITypeConverter<RefType> {
        @Override
        public RefType convert(String value) {
            try {
                return RefType.valueOf(value.trim().toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + Excerpt.of(value) + "' is not branch or tag (env TRUST_POLICY_REF_TYPE)");
            }
        }
    }

    private ExplainClaims() {}

    public static ObjectNode fromFile(Path file) {
        try {
            JsonNode node = JSON.readTree(Files.readString(file));
            if (node == null || !node.isObject()) throw new IOException("not a JSON object");
            ObjectNode c = (ObjectNode) node;
            // A claim set written by hand may leave out sub; GitLab's default is derived from the rest.
            if (!c.has("sub") && c.has("project_path") && c.has("ref_type") && c.has("ref")) {
                c.put("sub", SubPattern.build(SubPattern.DEFAULT_COMPONENTS, name -> c.get(name).asText()));
            }
            return c;
        } catch (IOException | RuntimeException e) {
            throw new UsageException("--claims (TRUST_POLICY_CLAIMS_FILE): " + file
                    + " is not a JSON object of claims (" + e.getClass().getSimpleName() + ").");
        }
    }

    public static ObjectNode fromTokenEnv(String variable) {
        String token = System.getenv(variable);
        if (token == null || token.isBlank()) {
            throw new UsageException("--token-env (TRUST_POLICY_TOKEN_ENV): variable " + Excerpt.of(variable)
                    + " is empty or unset. Fix: name the variable of the job's id_tokens entry.");
        }
        return decode(token, "--token-env (TRUST_POLICY_TOKEN_ENV)");
    }

    public static ObjectNode fromTokenFile(Path file) {
        try {
            return decode(Files.readString(file), "--token-file (TRUST_POLICY_TOKEN_FILE)");
        } catch (IOException e) {
            throw new UsageException("--token-file (TRUST_POLICY_TOKEN_FILE): cannot read " + file + ".");
        }
    }

    /** The payload of a JWT; the token is never put in a message. */
    static ObjectNode decode(String token, String source) {
        String[] parts = token.trim().split("\\.", -1);
        try {
            if (parts.length != 3) throw new IllegalArgumentException("not three parts");
            JsonNode payload = JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            if (payload == null || !payload.isObject()) throw new IllegalArgumentException("payload is not an object");
            return (ObjectNode) payload;
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException(source + ": not a JWT (header.payload.signature with a JSON payload). "
                    + "Fix: pass the ID token GitLab put in the job's id_tokens variable.");
        }
    }

    /** A claim set as GitLab would issue it for these flags; iss defaults to the policy's provider. */
    public static ObjectNode fromFlags(Flags f, PolicyDocument doc) {
        if (f.sub() == null && (f.projectPath() == null || f.ref() == null)) {
            throw new UsageException("--ref (TRUST_POLICY_REF) is required with --project-path unless --sub is given.");
        }
        ObjectNode c = JSON.createObjectNode();
        String type = f.refType().name();
        c.put("iss", f.issuer() != null ? f.issuer() : "https://" + providerHost(doc));
        if (f.projectPath() != null) {
            c.put("project_path", f.projectPath());
            int slash = f.projectPath().lastIndexOf('/');
            c.put("namespace_path", slash > 0 ? f.projectPath().substring(0, slash) : f.projectPath());
        }
        if (f.ref() != null) {
            c.put("ref", f.ref());
            c.put("ref_type", type);
            c.put("ref_path", (type.equals("branch") ? "refs/heads/" : "refs/tags/") + f.ref());
        }
        c.put("ref_protected", Boolean.toString(f.refProtected()));
        if (f.environment() != null) c.put("environment", f.environment());
        c.put("aud", f.aud());
        if (f.projectId() != null) c.put("project_id", f.projectId());
        if (f.namespaceId() != null) c.put("namespace_id", f.namespaceId());
        for (String kv : f.extraClaims() == null ? List.<String>of() : f.extraClaims()) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new UsageException("--claim (TRUST_POLICY_CLAIMS): '" + Excerpt.of(kv) + "' is not name=value.");
            c.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        c.put("sub", f.sub() != null ? f.sub() : SubPattern.build(SubPattern.DEFAULT_COMPONENTS, name -> c.get(name).asText()));
        return c;
    }

    /**
     * For a denial of claims built from flags: when --ref-protected was not given (so ref_protected
     * is false by default) and a protected ref would be allowed, a line saying so; else empty.
     */
    public static java.util.Optional<String> refProtectedDefaultNote(picocli.CommandLine.ParseResult given, ObjectNode claims,
                                                                     String host, List<TrustStatement> statements) {
        if (given.hasMatchedOption("--ref-protected") || System.getenv(REF_PROTECTED_VARIABLE) != null) return java.util.Optional.empty();
        ObjectNode protectedRef = claims.deepCopy().put("ref_protected", "true");
        if (!lib.trust.eval.PolicyEvaluator.evaluate(statements, new lib.trust.model.ClaimSet(protectedRef, host)).allowed()) {
            return java.util.Optional.empty();
        }
        String ref = claims.path("ref").asText("");
        String which = ref.isEmpty() ? "the ref" : claims.path("ref_type").asText("branch") + " " + ref;
        return java.util.Optional.of("note: DENIED because ref_protected is false (the default of --ref-protected); "
                + "pass --ref-protected if " + which + " is protected: then the policy allows it");
    }

    /** The provider the policy trusts: its Federated principal, else the host of its condition keys. */
    public static String providerHost(PolicyDocument doc) {
        for (TrustStatement s : doc.statements()) {
            for (String f : s.federated()) {
                var host = AwsConditionKeys.providerHost(f);
                if (host.isPresent() && !host.get().contains("${")) return host.get();
            }
        }
        for (TrustStatement s : doc.statements()) {
            for (var c : s.conditions()) if (c.keyHost().contains(".") && !c.keyHost().contains("${")) return c.keyHost();
        }
        return AwsConditionKeys.GITLAB_COM;
    }

    /** One line of the token's non-secret claims, and the keys AWS builds from them. */
    public static String summary(ObjectNode claims, String host) {
        List<String> parts = new ArrayList<>();
        parts.add("provider=" + host);
        for (String k : List.of("iss", "aud", "sub", "project_path", "project_id", "ref", "ref_type",
                "ref_protected", "environment", "namespace_id")) {
            JsonNode v = claims.get(k);
            if (v != null && !v.isNull()) parts.add(k + "=" + (v.isArray() ? v.toString() : v.asText()));
        }
        Map<String, Object> plain = JSON.convertValue(claims, new TypeReference<Map<String, Object>>() {});
        parts.add("aws-keys=" + AwsConditionKeys.requestContext(host, plain).keySet());
        return String.join(" ", parts);
    }
}
