package lib.trust;

import lib.trust.lint.Rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import testkit.Tools;

/** The docs' rule table and component inputs table follow the code, like OpenTofu's check-readme. */
class RuleDocumentationTest {
    @Test
    void everyRuleIsDocumentedWithItsSeverityAndCitesASource() throws IOException {
        String docs = Files.readString(Tools.ROOT.resolve("docs/trust-policy.md"));
        Set<String> ids = new HashSet<>();
        for (Rule r : Rule.values()) {
            assertTrue(ids.add(r.id), "duplicate id " + r.id);
            assertTrue(docs.contains("| `" + r.id + "` | " + r.severity.id() + " |"), r.id + " missing from docs");
            assertTrue(r.description.matches("(?s).*https://docs\\.(aws\\.amazon|gitlab)\\.com/\\S+.*"), r.id);
            assertTrue(!r.fix.isBlank(), r.id);
        }
        Matcher documented = Pattern.compile("(?m)^\\| `([a-z-]+)` \\| (info|minor|major|critical|blocker) \\|").matcher(docs);
        int count = 0;
        while (documented.find()) count++;
        assertEquals(Rule.values().length, count, "docs list rules the code does not have");
    }

    @Test
    void componentInputsAreDocumented() throws IOException {
        String docs = Files.readString(Tools.ROOT.resolve("docs/trust-policy.md"));
        String template = Files.readString(Tools.ROOT.resolve("templates/trust-policy-lint.yml"));
        String spec = template.substring(0, template.indexOf("\n---"));
        Matcher input = Pattern.compile("(?m)^    ([a-z_]+):$").matcher(spec);
        int count = 0;
        while (input.find()) {
            count++;
            assertTrue(docs.contains("| `" + input.group(1) + "` |"), input.group(1) + " missing from docs");
            String block = spec.substring(input.end());
            assertTrue(block.contains("description:"), input.group(1));
        }
        assertEquals(5, count);
    }
}
