package lib.aws.setup;

import java.util.List;

/**
 * One line of the plan: what happens to one thing, the details (a diff, a document) and the
 * call that makes it so. KEEP and BLOCKED steps have no call.
 */
public record PlanStep(Kind kind, String summary, List<String> details, Runnable apply) {
    public enum Kind {
        CREATE("create"), CHANGE("change"), KEEP("keep"), BLOCKED("differs");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    public PlanStep {
        details = List.copyOf(details);
    }

    public static PlanStep keep(String summary) {
        return new PlanStep(Kind.KEEP, summary, List.of(), null);
    }

    public boolean changes() {
        return kind == Kind.CREATE || kind == Kind.CHANGE;
    }
}
