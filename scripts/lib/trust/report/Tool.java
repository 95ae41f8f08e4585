package lib.trust.report;

/** How reports name the linter. */
public final class Tool {
    public static final String NAME = "trust-policy";
    public static final String VERSION = "1.1.0";
    /** Where the checks come from: GitLab's guide to OIDC trust with AWS, which the rules follow. */
    public static final String INFORMATION_URI = "https://docs.gitlab.com/ci/cloud_services/aws/";

    private Tool() {}
}
