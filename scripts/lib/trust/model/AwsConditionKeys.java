package lib.trust.model;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What AWS sees of a GitLab ID token: the one model lint, explain, generate and InspectToken share.
 *
 * <p>In {@code AssumeRoleWithWebIdentity} IAM looks up the OIDC provider named by the token's
 * {@code iss} (host and path, no scheme) and exposes some claims as condition keys
 * {@code <host>:<claim>}. Every OIDC provider gets {@code <host>:sub} and {@code <host>:aud}; for
 * gitlab.com AWS also exposes {@link #GITLAB_COM_ONLY}. Any other claim (project_path, ref,
 * environment, ...) is not in the request context: a condition on it sees a missing key, whatever
 * the token carries. Sources:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 * (keys per provider), https://docs.gitlab.com/ci/secrets/id_token_authentication/ (the claims).
 * How a missing key behaves under each operator is in {@link ConditionEvaluator}.
 */
public final class AwsConditionKeys {
    public static final String GITLAB_COM = "gitlab.com";
    public static final String WEB_IDENTITY = "sts:AssumeRoleWithWebIdentity";
    public static final Set<String> EVERY_PROVIDER = Set.of("sub", "aud");
    public static final Set<String> GITLAB_COM_ONLY = Set.of("project_id", "namespace_id", "user_id",
            "user_login", "user_email", "user_access_level", "ref_protected", "pipeline_source",
            "runner_environment");
    /**
     * Claims GitLab sends as one string (aud may be a list in the token, but IAM treats the key as
     * single-valued: a trust policy compares it with StringEquals, never a set operator).
     */
    public static final Set<String> SINGLE_VALUED = Set.of("sub", "aud", "iss", "project_id", "project_path",
            "namespace_id", "namespace_path", "user_id", "user_login", "user_email", "user_access_level",
            "pipeline_id", "pipeline_source", "job_id", "ref", "ref_type", "ref_path", "ref_protected",
            "runner_id", "runner_environment", "sha", "environment", "environment_protected",
            "deployment_tier", "environment_action", "ci_config_ref_uri", "ci_config_sha",
            "project_visibility", "job_project_id", "job_project_path", "job_namespace_id", "job_namespace_path");
    /** Claims of a GitLab token that AWS does not expose as keys, but that people try to use. */
    public static final Set<String> GITLAB_ONLY_CLAIMS = Set.of("project_path", "namespace_path", "ref",
            "ref_type", "ref_path", "environment", "environment_protected", "deployment_tier",
            "pipeline_id", "job_id", "sha", "runner_id", "ci_config_ref_uri", "ci_config_sha",
            "project_visibility", "environment_action", "job_project_id", "job_project_path",
            "job_namespace_id", "job_namespace_path");

    private static final Pattern PROVIDER_ARN = Pattern.compile(
            "^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc|\\$\\{[^}]*}):iam::"
                    + "(\\d{12}|\\$\\{[^}]*}):oidc-provider/(.+)$");

    private AwsConditionKeys() {}

    /** Condition-key prefix for an instance URL: host plus path, no scheme, no trailing slash. */
    public static String hostOf(String gitlabUrl) {
        String url = gitlabUrl.trim();
        URI uri = URI.create(url.contains("://") ? url : "https://" + url);
        String host = uri.getHost();
        if (host == null || host.isBlank()) throw new IllegalArgumentException("no host in " + gitlabUrl);
        String path = uri.getPath() == null ? "" : uri.getPath().replaceAll("/+$", "");
        String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
        return (host + port + path).toLowerCase(Locale.ROOT);
    }

    public static boolean isGitLabCom(String host) {
        return GITLAB_COM.equalsIgnoreCase(host);
    }

    /** Keys AWS sets for a token of this provider host. */
    public static boolean awsExposes(String host, String claim) {
        String c = claim.toLowerCase(Locale.ROOT);
        return EVERY_PROVIDER.contains(c) || (isGitLabCom(host) && GITLAB_COM_ONLY.contains(c));
    }

    /** The claims AWS turns into condition keys for this provider host, in a stable order. */
    public static List<String> exposedClaims(String host) {
        List<String> out = new ArrayList<>(List.of("sub", "aud"));
        if (isGitLabCom(host)) GITLAB_COM_ONLY.stream().sorted().forEach(out::add);
        return out;
    }

    /** True when IAM treats the key as single-valued (set operators on it are a mistake). */
    public static boolean singleValued(String claim) {
        return SINGLE_VALUED.contains(claim.toLowerCase(Locale.ROOT));
    }

    /**
     * The request context AWS builds from a token's claims: key {@code <host>:<claim>} to the claim's
     * values, only for the claims AWS exposes for that host. {@code claims} maps claim names to a
     * String, a number, a boolean or a list of those (JSON-decoded). Keys with no claim are left out.
     */
    public static Map<String, List<String>> requestContext(String host, Map<String, ?> claims) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String claim : exposedClaims(host)) {
            Object value = claims.get(claim);
            if (value == null) continue;
            List<String> values = new ArrayList<>();
            if (value instanceof Collection<?> list) list.forEach(v -> { if (v != null) values.add(String.valueOf(v)); });
            else values.add(String.valueOf(value));
            out.put(host + ":" + claim, values);
        }
        return out;
    }

    public static String providerArn(String partition, String accountId, String host) {
        return "arn:" + partition + ":iam::" + accountId + ":oidc-provider/" + host;
    }

    /** The provider host of an oidc-provider ARN, if the value is one (placeholders allowed). */
    public static Optional<String> providerHost(String arn) {
        Matcher m = PROVIDER_ARN.matcher(arn.trim());
        return m.matches() ? Optional.of(m.group(3).toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    /** True when the value is an unevaluated reference rather than a literal ARN. */
    public static boolean isReference(String value) {
        return value.contains("${");
    }

    public static final List<String> PARTITIONS = lib.aws.Arns.PARTITIONS.stream().map(lib.aws.Arns.Partition::name).toList();
}
