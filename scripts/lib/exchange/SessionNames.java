package lib.exchange;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** STS RoleSessionName: 2-64 characters of [\w+=,.@-], traceable back to the GitLab job. */
public final class SessionNames {
    public static final Pattern VALID = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern NOT_ALLOWED = Pattern.compile("[^\\w+=,.@-]");

    private SessionNames() {}

    public static String sanitize(String name) {
        String cleaned = NOT_ALLOWED.matcher(name).replaceAll("-");
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }

    /**
     * gitlab-PROJECT-PIPELINE-JOB from the job's predefined variables, else from the same claims
     * in the token (so a run on a laptop names the job the token came from).
     */
    public static String derive(Map<String, String> env, java.util.function.Function<String, Optional<String>> claims) {
        String project = pick(env, "CI_PROJECT_ID", claims, "project_id");
        String pipeline = pick(env, "CI_PIPELINE_ID", claims, "pipeline_id");
        String job = pick(env, "CI_JOB_ID", claims, "job_id");
        if (project == null && job == null) {
            return sanitize("gitlab-local-" + System.currentTimeMillis() / 1000);
        }
        StringBuilder name = new StringBuilder("gitlab");
        for (String part : new String[] {project, pipeline, job}) {
            if (part != null) name.append('-').append(part);
        }
        return sanitize(name.toString());
    }

    private static String pick(Map<String, String> env, String variable,
                               java.util.function.Function<String, Optional<String>> claims, String claim) {
        String value = env.get(variable);
        if (value != null && !value.isBlank()) return value;
        return claims.apply(claim).orElse(null);
    }
}
