package lib.trust.cli;

import java.util.ArrayList;
import java.util.List;
import lib.trust.lint.Finding;
import lib.trust.lint.TrustPolicyLinter;
import lib.trust.model.PolicyDocument;
import lib.trust.read.PolicyReadException;
import lib.trust.read.PolicySources;

/**
 * Lints every input: a file that cannot be read is recorded as a problem and the others are still
 * linted, so the report is always written.
 */
public final class LintRun {
    public final List<Finding> findings = new ArrayList<>();
    /** One line per file that could not be read or was refused (exit code 3). */
    public final List<String> unreadable = new ArrayList<>();
    /** Notes for files that hold no trust policy. */
    public final List<String> notes = new ArrayList<>();
    public int policies;

    public static LintRun of(List<LintInputs.Input> inputs, ProjectDir project, boolean confine) {
        LintRun run = new LintRun();
        for (LintInputs.Input input : inputs) {
            String shown = project.display(input.path());
            if (confine && !project.contains(input.path())) {
                run.unreadable.add(shown + ": refused: it resolves outside the project directory (a symbolic link "
                        + "or ../). Fix: lint files inside the project.");
                continue;
            }
            List<PolicyDocument> docs;
            try {
                docs = PolicySources.read(input.path(), shown);
            } catch (PolicyReadException e) {
                if (!input.explicit()) {
                    // Found by a walk: most JSON/YAML files of a project are not policy sources.
                    run.notes.add("skipped " + shown + ": " + e.getMessage());
                    continue;
                }
                run.unreadable.add(e.getMessage());
                continue;
            } catch (RuntimeException e) {
                run.unreadable.add(shown + ": cannot be read (" + e.getClass().getSimpleName() + ")");
                continue;
            }
            if (docs.isEmpty() && input.explicit()) run.notes.add(shown + ": no trust policy found");
            for (PolicyDocument doc : docs) {
                run.policies++;
                run.findings.addAll(TrustPolicyLinter.lint(doc));
            }
        }
        return run;
    }
}
