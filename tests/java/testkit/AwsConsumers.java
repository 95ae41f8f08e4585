package testkit;

import java.nio.file.Path;
import java.util.Map;

/** The real consumers of a written profile: the AWS CLI v1 and v2, and boto3. */
public final class AwsConsumers {
    private AwsConsumers() {}

    /** AWS CLI v2 (Debian). Too old for AWS_ENDPOINT_URL_STS, so the endpoint goes on the command line. */
    public static Proc.Result callerIdentityV2(Map<String, String> env, String profile, String endpoint) {
        return Proc.of(Tools.awsCliV2(), "sts", "get-caller-identity", "--profile", profile,
                "--endpoint-url", endpoint, "--output", "json").env(env).env("HOME", isolatedHome(env)).timeout(60).run();
    }

    /** AWS CLI v1 (the image's Python), which honours AWS_ENDPOINT_URL_STS for its own STS calls too. */
    public static Proc.Result callerIdentityV1(Map<String, String> env, String profile, String endpoint) {
        return Proc.of(awsCliV1(), "sts", "get-caller-identity", "--profile", profile, "--output", "json")
                .env(env).env("HOME", isolatedHome(env)).env("AWS_ENDPOINT_URL_STS", endpoint).timeout(60).run();
    }

    public static Proc.Result callerIdentityBoto3(Map<String, String> env, String profile, String endpoint) {
        String program = String.join("\n",
                "import boto3, json, sys",
                "session = boto3.Session(profile_name=sys.argv[1])",
                "print(json.dumps(session.client('sts', endpoint_url=sys.argv[2]).get_caller_identity()['Arn']))");
        return Proc.of(Tools.python(), "-c", program, profile, endpoint).env(env).env("HOME", isolatedHome(env)).timeout(60).run();
    }

    /**
     * The CLI caches web-identity credentials in ~/.aws/cli/cache; a home beside the profile files
     * keeps one test's cached credentials out of the next.
     */
    private static String isolatedHome(Map<String, String> env) {
        return Path.of(env.get("AWS_CONFIG_FILE")).getParent().resolveSibling("home").toString();
    }

    public static String awsCliV1() {
        return Tools.awsCliV1();
    }
}
