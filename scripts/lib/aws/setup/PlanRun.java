package lib.aws.setup;

import lib.cli.Console;
import lib.cli.RuntimeFailure;

/** Shows a plan, then applies it (or not, for a dry run), saying what was done. */
public final class PlanRun {
    private PlanRun() {}

    /** 0 when the account is (or, for a dry run, can be made) as asked; 1 when the plan is blocked. */
    public static int showAndApply(SetupPlan plan, String roleName, boolean dryRun, Console console) {
        console.result("Plan:");
        plan.render().forEach(console::result);
        if (plan.blocked()) {
            console.error("role " + roleName + ": its trust policy differs from the one asked for (diff above). "
                    + (dryRun ? "A run without --dry-run would change nothing and fail. " : "Nothing was changed. ")
                    + "Fix: re-run with --update-trust (env SETUP_AWS_UPDATE_TRUST=true) to replace it, or adjust the "
                    + "options until the generated policy is the one you want.");
            return 1;
        }
        if (dryRun) {
            console.result("Dry run: " + plan.changes() + " change(s) planned, nothing was changed.");
        } else if (plan.changes() == 0) {
            console.result("Nothing to change: the account already matches.");
        } else {
            int[] applied = {0};
            try {
                plan.apply(step -> {
                    applied[0]++;
                    console.result("  done    " + step.summary());
                });
            } catch (RuntimeFailure e) {
                throw new RuntimeFailure(e.getMessage() + " " + applied[0] + " of " + plan.changes()
                        + " change(s) were applied before this; run the same command again to finish (it only changes what still differs).");
            }
            console.result("Applied " + applied[0] + " change(s).");
        }
        return 0;
    }
}
