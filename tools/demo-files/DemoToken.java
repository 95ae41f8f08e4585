///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION Prints a GitLab-shaped ID token signed by a throwaway key, for the local demo only.
//JAVA 17+
//DEPS com.fasterxml.jackson.core:jackson-databind:2.23.0
//SOURCES ../../tests/java/testkit/TestIssuer.java

import testkit.TestIssuer;

public class DemoToken {
    public static void main(String... args) {
        System.out.print(new TestIssuer().mint());
    }
}
