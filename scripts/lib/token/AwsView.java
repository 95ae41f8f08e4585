package lib.token;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What AWS derives from a token in AssumeRoleWithWebIdentity: the IAM OIDC provider it looks
 * up (the issuer without its scheme), the client ids that provider must list, and the
 * condition keys a trust policy can test, with this token's values.
 */
public record AwsView(String providerId, List<String> audiences, Map<String, String> conditionKeys, List<String> notes) {

    /** The claims AWS exposes as condition keys for gitlab.com only; self-managed instances get sub and aud. */
    public static final List<String> GITLAB_COM_EXTRA_KEYS = List.of("project_id", "namespace_id", "user_id", "user_login",
            "user_email", "user_access_level", "ref_protected", "pipeline_source", "runner_environment");

    /** Empty when the token has no usable {@code iss}. */
    public static Optional<AwsView> of(TokenClaims token) {
        Optional<String> issuer = token.issuer();
        if (issuer.isEmpty() || issuer.get().isBlank()) return Optional.empty();
        String iss = issuer.get();
        String providerId = iss.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "").replaceFirst("/+$", "");
        List<String> audiences = token.audiences();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(providerId + ":sub", token.subject().orElse(null));
        keys.put(providerId + ":aud", audiences.isEmpty() ? null : String.join(", ", audiences));
        if (providerId.equals("gitlab.com")) {
            for (String claim : GITLAB_COM_EXTRA_KEYS) keys.put(providerId + ":" + claim, token.string(claim).orElse(null));
        }
        List<String> notes = new java.util.ArrayList<>();
        if (!iss.startsWith("https://")) {
            notes.add("IAM accepts only https:// issuers: a token whose iss is " + iss + " cannot be exchanged with AWS");
        }
        if (audiences.size() > 1) {
            notes.add("aud has " + audiences.size() + " values: the provider's client-id list must contain the audience your trust policy expects");
        }
        if (!providerId.equals("gitlab.com")) {
            notes.add("self-managed instance: AWS exposes only " + providerId + ":sub and " + providerId + ":aud as condition keys");
        }
        return Optional.of(new AwsView(providerId, audiences, keys, notes));
    }

    public String providerArn(String account) {
        return "arn:aws:iam::" + account + ":oidc-provider/" + providerId;
    }
}
