package lib.trust;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What AWS knows about GitLab as an OIDC provider: the provider ARN shape and which claims it
 * exposes as condition keys. Every OIDC provider gets {@code <host>:sub} and {@code <host>:aud};
 * for gitlab.com AWS also exposes the claims in {@link #GITLAB_COM_ONLY}. Source:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif
 */
public final class GitLabKeys {
    public static final String GITLAB_COM = "gitlab.com";
    public static final Set<String> EVERY_PROVIDER = Set.of("sub", "aud");
    public static final Set<String> GITLAB_COM_ONLY = Set.of("project_id", "namespace_id", "user_id",
            "user_login", "user_email", "user_access_level", "ref_protected", "pipeline_source",
            "runner_environment");
    /** Claims GitLab puts in every token as single strings (aud may be an array). */
    public static final Set<String> SINGLE_VALUED = Set.of("sub", "iss", "project_id", "project_path",
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

    private GitLabKeys() {}

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

    public static final List<String> PARTITIONS = List.of("aws", "aws-cn", "aws-us-gov");
}
