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
    public static void main(String... args) {
        long lifetime = args.length > 0 ? Long.parseLong(args[0]) : 300;
        System.out.print(new TestIssuer().mint(Map.of("exp", Instant.now().getEpochSecond() + lifetime)));
    }
}
