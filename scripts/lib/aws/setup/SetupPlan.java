package lib.aws.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The steps that bring the account to what was asked, in the order they must run. */
public final class SetupPlan {
    private final List<PlanStep> steps;

    public SetupPlan(List<PlanStep> steps) {
        this.steps = List.copyOf(steps);
    }

    public List<PlanStep> steps() {
        return steps;
    }

    public long changes() {
        return steps.stream().filter(PlanStep::changes).count();
    }

    public boolean blocked() {
        return steps.stream().anyMatch(s -> s.kind() == PlanStep.Kind.BLOCKED);
    }

    public List<String> render() {
        List<String> lines = new ArrayList<>();
        for (PlanStep step : steps) {
            lines.add(String.format("  %-7s %s", step.kind().label, step.summary()));
            step.details().forEach(d -> lines.add("            " + d));
        }
        return lines;
    }

    /** Runs every change in order; reports each one done. Stops at the first failure (it propagates). */
    public int apply(Consumer<PlanStep> done) {
        int applied = 0;
        for (PlanStep step : steps) {
            if (!step.changes()) continue;
            step.apply().run();
            applied++;
            done.accept(step);
        }
        return applied;
    }
}
