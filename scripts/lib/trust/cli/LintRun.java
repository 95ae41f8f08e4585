package lib.trust.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lib.trust.lint.Finding;
import lib.trust.lint.TrustPolicyLinter;
import lib.trust.model.PolicyDocument;
import lib.trust.read.PolicyReadException;
import lib.trust.read.PolicySources;
import lib.trust.report.Unreadable;

/**
 * Lints every input and fails closed: a file that cannot be read fully (too deep, too big,
 * unparsable, refused, outside the project) is recorded as unreadable (exit 3, a blocker entry in
 * the code-quality report) and the others are still linted, so the report is always written. Only a
 * file found by a directory walk that does not parse and never mentions a trust policy is skipped
 * with a note: most JSON and YAML files of a project are not policies.
 */
public final class LintRun {
    /** Words that only a file holding (or meant to hold) a trust policy contains; compared in lower case. */
    static final List<String> POLICY_MARKERS = List.of("assumerole", "oidc-provider", "assume_role_policy",
            "federated", "aws_iam_role", "aws::iam::role");

    public final List<Finding> findings = new ArrayList<>();
    public final List<Unreadable> unreadable = new ArrayList<>();
    /** Notes for files that hold no trust policy. */
    public final List<String> notes = new ArrayList<>();
    public int policies;

    public static LintRun of(List<LintInputs.Input> inputs, ProjectDir project, boolean confine) {
        return of(inputs, project, confine, java.util.Set.of());
    }

    /** {@code gitlabHosts}: hosts of GitLab instances whose statements are judged as GitLab whatever their name. */
    public static LintRun of(List<LintInputs.Input> inputs, ProjectDir project, boolean confine, java.util.Set<String> gitlabHosts) {
        LintRun run = new LintRun();
        List<Path> refusedRoots = new ArrayList<>();
        for (LintInputs.Input input : inputs) {
            String shown = project.display(input.path());
            if (refusedRoots.stream().anyMatch(input.path()::startsWith)) continue;
            if (input.link() && Files.isDirectory(input.path())) {
                if (confine && !project.contains(input.path())) {
                    run.unreadable.add(new Unreadable(shown, "refused: a symbolic link to a directory outside the project "
                            + "directory. Fix: lint directories inside the project."));
                    refusedRoots.add(input.path());
                } else if (!input.explicit()) {
                    run.notes.add("skipped " + shown + ": a symbolic link to a directory (its target is linted where it lives)");
                }
                continue;
            }
            if (confine && !project.contains(input.path())) {
                run.unreadable.add(new Unreadable(shown, "refused: it resolves outside the project directory (a symbolic "
                        + "link or ../). Fix: lint files inside the project."));
                continue;
            }
            List<PolicyDocument> docs;
            try {
                docs = PolicySources.read(input.path(), shown);
            } catch (PolicyReadException e) {
                if (!input.explicit() && !mayHoldPolicy(input.path())) {
                    run.notes.add("skipped " + shown + ": " + e.getMessage());
                    continue;
                }
                run.unreadable.add(new Unreadable(shown, e.getMessage()));
                continue;
            } catch (RuntimeException e) {
                run.unreadable.add(new Unreadable(shown, "cannot be read (" + e.getClass().getSimpleName() + ")"));
                continue;
            }
            if (docs.isEmpty() && input.explicit()) run.notes.add(shown + ": no trust policy found");
            for (PolicyDocument doc : docs) {
                run.policies++;
                run.findings.addAll(TrustPolicyLinter.lint(doc, gitlabHosts));
            }
        }
        return run;
    }

    /**
     * True unless the file can be read and mentions none of {@link #POLICY_MARKERS}: a file that
     * cannot be scanned (too big, unreadable) counts as one that may hold a policy.
     */
    static boolean mayHoldPolicy(Path file) {
        try {
            if (Files.size(file) > PolicySources.MAX_BYTES) return true;
            try (InputStream in = Files.newInputStream(file)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                return POLICY_MARKERS.stream().anyMatch(text::contains);
            }
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }
}
