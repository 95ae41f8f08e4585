package lib.trust.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import lib.cli.UsageException;
import lib.trust.model.AwsConditionKeys;

/**
 * What one of the project's job ID tokens says about the project, for generate and setup-aws to pin
 * by id: project_id, namespace_id, project_path, whether its sub is project_id-first, and whether the
 * job ran on a protected ref. The token is decoded locally (no signature check is needed: only ids
 * the user could also type are read) and never printed.
 */
public final class TokenIds {
    private static final TokenIds NONE = new TokenIds(null);
    private final ObjectNode claims;

    private TokenIds(ObjectNode claims) {
        this.claims = claims;
    }

    /** The token from the variable or the file (at most one), checked against the instance URL. */
    public static TokenIds of(String variable, Path file, String gitlabUrl) {
        if (variable != null && file != null) {
            throw new UsageException("--token-env (TRUST_POLICY_TOKEN_ENV) and --token-file (TRUST_POLICY_TOKEN_FILE) "
                    + "both set. Fix: give the token one way.");
        }
        if (variable == null && file == null) return NONE;
        ObjectNode claims = variable != null ? ExplainClaims.fromTokenEnv(variable) : ExplainClaims.fromTokenFile(file);
        String iss = claims.path("iss").asText("");
        String want = AwsConditionKeys.hostOf(gitlabUrl == null ? "https://gitlab.com" : gitlabUrl);
        String got;
        try {
            got = iss.isEmpty() ? "" : AwsConditionKeys.hostOf(iss);
        } catch (IllegalArgumentException e) {
            got = "";
        }
        if (!want.equals(got)) {
            throw new UsageException("the ID token was issued by '" + iss + "', not by " + want + " (--gitlab-url, "
                    + "TRUST_POLICY_GITLAB_URL). Fix: use a token of a job on " + want + ", or set --gitlab-url to the token's instance.");
        }
        return new TokenIds(claims);
    }

    public boolean present() {
        return claims != null;
    }

    public String projectId() {
        return text("project_id");
    }

    public String namespaceId() {
        return text("namespace_id");
    }

    public String projectPath() {
        return text("project_path");
    }

    /** The project's sub starts with project_id (its ci_id_token_sub_claim_components). */
    public boolean projectIdSub() {
        String sub = text("sub");
        return sub != null && sub.startsWith("project_id:");
    }

    /** The job ran on a protected ref: requiring ref_protected costs that ref nothing. */
    public boolean refProtected() {
        return "true".equals(text("ref_protected"));
    }

    /** The flag's value, else the token's; a flag that contradicts the token is a usage error. */
    public String or(String option, String flag, String fromToken) {
        if (flag != null && fromToken != null && !flag.equals(fromToken)) {
            throw new UsageException(option + " is '" + flag + "' but the ID token says '" + fromToken
                    + "'. Fix: drop " + option + " (the token names the project), or use a token of that project.");
        }
        return flag != null ? flag : fromToken;
    }

    private String text(String claim) {
        if (claims == null || !claims.hasNonNull(claim)) return null;
        String v = claims.get(claim).asText().trim();
        return v.isEmpty() ? null : v;
    }
}
