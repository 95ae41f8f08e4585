///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Prints a GitLab-shaped ID token signed by a throwaway key, for the local demo and benchmark only.
//JAVA 17+
//DEPS com.fasterxml.jackson.core:jackson-databind:2.23.0
//SOURCES ../../tests/java/testkit/TestIssuer.java

import java.time.Instant;
import java.util.Map;
import testkit.TestIssuer;

/** Usage: DemoToken.java [LIFETIME_SECONDS] (default 300, as GitLab gives a job without a timeout). */
public class DemoToken {
    private static final String USAGE = "Usage: demo-token [LIFETIME_SECONDS]\n"
            + "Prints a GitLab-shaped ID token signed by a throwaway key (local demo and benchmark only).\n"
            + "LIFETIME_SECONDS: seconds until exp, default 300 (as GitLab gives a job without a timeout).";

    public static void main(String... args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(USAGE);
            return;
        }
        long lifetime = 300;
        if (args.length > 1 || (args.length == 1 && !args[0].matches("\\d{1,9}"))) {
            System.err.println("demo-token: expected one whole number of seconds, got: " + String.join(" ", args));
            System.err.println("Try 'demo-token --help' for more information.");
            System.exit(2);
        }
        if (args.length == 1) lifetime = Long.parseLong(args[0]);
        System.out.print(new TestIssuer().mint(Map.of("exp", Instant.now().getEpochSecond() + lifetime)));
    }
}
