package testkit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One AssumeRole run in a job-like environment: a private AWS files pair, a fresh GitLab-shaped
 * token in AWS_OIDC_TOKEN, and the job's predefined variables. Tests change {@link #env} or pass
 * options, then {@link #run}.
 */
public final class AssumeRoleRun {
    public static final String ROLE = "arn:aws:iam::123456789012:role/deploy-prod";

    public final Path temp;
    public final AwsFilesFixture files;
    public final TestIssuer issuer = new TestIssuer();
    public final String token;
    public final Map<String, String> env = new HashMap<>();

    public AssumeRoleRun(Path temp, String endpoint) {
        this.temp = temp;
        this.files = new AwsFilesFixture(temp);
        this.token = issuer.mint();
        env.putAll(files.env());
        env.put("AWS_OIDC_TOKEN", token);
        env.put("AWS_OIDC_ROLE_ARN", ROLE);
        env.put("AWS_REGION", "eu-west-1");
        if (endpoint != null) env.put("AWS_OIDC_STS_ENDPOINT", endpoint);
        env.put("CI_PROJECT_ID", "4242");
        env.put("CI_PIPELINE_ID", "900001");
        env.put("CI_JOB_ID", "7000001");
    }

    public Proc.Result run(String... args) {
        return run(Map.of(), args);
    }

    /** Runs with these variables on top of {@link #env}; a null value unsets one. */
    public Proc.Result run(Map<String, String> extra, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.putAll(extra);
        List<String> unset = new ArrayList<>();
        extra.forEach((k, v) -> {
            if (v == null) unset.add(k);
        });
        Proc proc = Scripts.java("AssumeRole", args).env(all).timeout(180);
        unset.forEach(name -> proc.env(name, null));
        return proc.run();
    }
}
