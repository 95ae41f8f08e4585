package lib.trust;

import lib.trust.model.AwsConditionKeys;
import lib.trust.model.ClaimSet;
import lib.trust.lint.Finding;
import lib.trust.model.PolicyDocument;
import lib.trust.eval.PolicyEvaluator;
import lib.trust.generate.PolicyRenderer;
import lib.trust.read.PolicySources;
import lib.trust.lint.Rule;
import lib.trust.generate.TrustPolicyGenerator;
import lib.trust.lint.TrustPolicyLinter;
import lib.trust.generate.TrustPolicyRequest;
import lib.cli.UsageException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustPolicyGeneratorTest {
    private static final String ACCOUNT = "123456789012";

    static TrustPolicyRequest request(String url, String path, String projectId, List<String> branches, List<String> tags,
                                      List<String> envs, boolean refProtected, List<String> components) {
        return new TrustPolicyRequest(url, null, ACCOUNT, path, projectId, null, branches, tags, envs, null, null,
                refProtected, components, false, false, false);
    }

    /** Lint finds nothing in every rendering of the policy, and every rendering reads back the same. */
    static PolicyDocument roundTrip(ObjectNode policy) {
        PolicyDocument json = only(PolicySources.read("generated.json", PolicyRenderer.JSON.render(policy)));
        PolicyDocument cfn = only(PolicySources.read("generated.yaml", PolicyRenderer.CLOUDFORMATION.render(policy)));
        PolicyDocument tf = only(PolicySources.read("generated.tf", PolicyRenderer.TERRAFORM.render(policy)));
        for (PolicyDocument d : List.of(json, cfn, tf)) {
            assertEquals(List.of(), TrustPolicyLinter.lint(d), d.file());
        }
        assertEquals(conditions(json), conditions(cfn));
        assertEquals(conditions(json), conditions(tf));
        return json;
    }

    private static List<String> conditions(PolicyDocument d) {
        List<String> out = new ArrayList<>();
        d.statements().forEach(s -> s.conditions().forEach(c -> out.add(c.operator() + " " + c.key() + " " + c.values())));
        out.sort(null);
        return out;
    }

    private static PolicyDocument only(List<PolicyDocument> docs) {
        assertEquals(1, docs.size());
        return docs.get(0);
    }

    static Map<String, Object> claims(String host, String path, String refType, String ref, boolean prot) {
        return Map.of("iss", "https://" + host, "aud", "sts.amazonaws.com", "project_path", path, "project_id", "42",
                "ref", ref, "ref_type", refType, "ref_protected", String.valueOf(prot),
                "sub", "project_path:" + path + ":ref_type:" + refType + ":ref:" + ref);
    }

    static boolean allowed(PolicyDocument doc, Map<String, Object> claims) {
        ObjectNode node = new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(claims);
        ClaimSet set = new ClaimSet(node, AwsConditionKeys.hostOf((String) claims.get("iss")));
        return PolicyEvaluator.evaluate(doc.statements(), set).allowed();
    }

    @Test
    void branchPolicyAllowsExactlyTheBranchAndDeniesNeighbours() {
        PolicyDocument doc = roundTrip(TrustPolicyGenerator.generate(
                TrustPolicyRequest.forBranches(ACCOUNT, "acme/webshop", "42", List.of("main"))));
        assertTrue(allowed(doc, claims("gitlab.com", "acme/webshop", "branch", "main", false)));
        assertFalse(allowed(doc, claims("gitlab.com", "acme/webshop-old", "branch", "main", true)));
        assertFalse(allowed(doc, claims("gitlab.com", "acme/other", "branch", "main", true)));
        assertFalse(allowed(doc, claims("gitlab.com", "acme/webshop", "branch", "develop", true)));
        assertFalse(allowed(doc, claims("gitlab.com", "acme/webshop", "tag", "main", true)));
        assertFalse(allowed(doc, claims("gitlab.example.com", "acme/webshop", "branch", "main", true)));
    }

    @Test
    void protectedPatternAllowsOnlyProtectedMatchingRefs() {
        PolicyDocument doc = roundTrip(TrustPolicyGenerator.generate(request(null, "acme/webshop", "42",
                List.of("release/*"), List.of("v*"), List.of(), true, null)));
        assertTrue(allowed(doc, claims("gitlab.com", "acme/webshop", "branch", "release/1.2", true)));
        assertTrue(allowed(doc, claims("gitlab.com", "acme/webshop", "tag", "v1.0.0", true)));
        assertFalse(allowed(doc, claims("gitlab.com", "acme/webshop", "branch", "release/1.2", false)), "unprotected");
        assertFalse(allowed(doc, claims("gitlab.com", "acme/webshop", "branch", "main", true)), "other branch");
        Map<String, Object> otherProject = new java.util.HashMap<>(claims("gitlab.com", "acme/webshop-old", "tag", "v1", true));
        assertFalse(allowed(doc, otherProject));
        String json = PolicyRenderer.JSON.render(TrustPolicyGenerator.generate(request(null, "acme/webshop", "42",
                List.of("release/*"), List.of(), List.of(), true, null)));
        assertTrue(json.contains("\"gitlab.com:project_id\" : \"42\""), json);
        assertTrue(json.contains("\"gitlab.com:ref_protected\" : \"true\""), json);
    }

    @Test
    void builderMakesTheSamePolicyAsTheRecord() {
        TrustPolicyRequest built = TrustPolicyRequest.builder().accountId(ACCOUNT).projectPath("acme/webshop")
                .projectId("42").branch("release/*").tag("v*").refProtected(true).build();
        assertEquals(TrustPolicyGenerator.generate(request(null, "acme/webshop", "42", List.of("release/*"),
                List.of("v*"), List.of(), true, null)), TrustPolicyGenerator.generate(built));
    }

    @Test
    void selfManagedGetsOnlySubAndAud() {
        // Self-managed has no id keys: a project_path sub is all there is, so no id is asked for.
        ObjectNode policy = TrustPolicyGenerator.generate(request("https://git.acme.test/gitlab", "acme/webshop", null,
                List.of("main"), List.of(), List.of(), false, null));
        String json = PolicyRenderer.JSON.render(policy);
        assertTrue(json.contains("oidc-provider/git.acme.test/gitlab"), json);
        assertTrue(json.contains("\"git.acme.test/gitlab:sub\""), json);
        PolicyDocument doc = roundTrip(policy);
        assertTrue(allowed(doc, claims("git.acme.test/gitlab", "acme/webshop", "branch", "main", false)));
        assertFalse(allowed(doc, claims("git.acme.test/gitlab", "acme/webshop", "branch", "dev", false)));
    }

    @Test
    void selfManagedRefusesGitLabComOnlyKeys() {
        var e = assertThrows(UsageException.class, () -> TrustPolicyGenerator.generate(request(
                "https://gitlab.example.com", "acme/webshop", null, List.of("*"), List.of(), List.of(), true, null)));
        assertTrue(e.getMessage().contains("only for gitlab.com"), e.getMessage());
        assertThrows(UsageException.class, () -> TrustPolicyGenerator.generate(request(
                "https://gitlab.example.com", "acme/webshop", "42", List.of("main"), List.of(), List.of(), false, null)));
    }

    @Test
    void selfManagedProtectionThroughSubComponents() {
        PolicyDocument doc = roundTrip(TrustPolicyGenerator.generate(request("https://gitlab.example.com",
                "acme/webshop", null, List.of("*"), List.of(), List.of(), true,
                List.of("project_path", "ref_type", "ref", "ref_protected"))));
        Map<String, Object> c = new java.util.HashMap<>(claims("gitlab.example.com", "acme/webshop", "branch", "x", true));
        c.put("sub", "project_path:acme/webshop:ref_type:branch:ref:x:ref_protected:true");
        assertTrue(allowed(doc, c));
        c.put("sub", "project_path:acme/webshop:ref_type:branch:ref:x:ref_protected:false");
        assertFalse(allowed(doc, c));
    }

    @Test
    void projectIdFirstSub() {
        PolicyDocument doc = roundTrip(TrustPolicyGenerator.generate(request(null, null, "42", List.of("main"),
                List.of(), List.of(), false, TrustPolicyRequest.PROJECT_ID_SUB)));
        Map<String, Object> c = new java.util.HashMap<>(claims("gitlab.com", "acme/webshop", "branch", "main", false));
        c.put("sub", "project_id:42:ref_type:branch:ref:main");
        assertTrue(allowed(doc, c));
        c.put("sub", "project_id:420:ref_type:branch:ref:main");
        c.put("project_id", "420");
        assertFalse(allowed(doc, c));
    }

    @Test
    void refusesUnprotectedWildcardUnlessAllowed() {
        var e = assertThrows(UsageException.class, () -> TrustPolicyGenerator.generate(request(null,
                "acme/webshop", "42", List.of("*"), List.of(), List.of(), false, null)));
        assertTrue(e.getMessage().contains("--allow-wildcard-ref"), e.getMessage());
        ObjectNode risky = TrustPolicyGenerator.generate(new TrustPolicyRequest(null, null, ACCOUNT, "acme/webshop",
                "42", null, List.of("*"), List.of(), List.of(), null, null, false, null, true, false, false));
        List<Finding> findings = TrustPolicyLinter.lint(only(PolicySources.read("r.json", PolicyRenderer.JSON.render(risky))));
        assertEquals(List.of(Rule.REF_WILDCARD_UNPROTECTED), findings.stream().map(Finding::rule).toList());
    }

    @Test
    void environmentNeedsTheSubToCarryIt() {
        var e = assertThrows(UsageException.class, () -> TrustPolicyGenerator.generate(request(null,
                "acme/webshop", null, List.of(), List.of(), List.of("production"), false, null)));
        assertTrue(e.getMessage().contains("no environment"), e.getMessage());
        PolicyDocument doc = roundTrip(TrustPolicyGenerator.generate(request(null, "acme/webshop", "42", List.of(),
                List.of(), List.of("production"), false,
                List.of("project_path", "ref_type", "ref", "environment", "environment_protected"))));
        Map<String, Object> c = new java.util.HashMap<>(claims("gitlab.com", "acme/webshop", "branch", "main", false));
        c.put("sub", "project_path:acme/webshop:ref_type:branch:ref:main:environment:production:environment_protected:true");
        assertTrue(allowed(doc, c));
        c.put("sub", "project_path:acme/webshop:ref_type:branch:ref:main:environment:staging:environment_protected:true");
        assertFalse(allowed(doc, c));
        c.put("sub", "project_path:acme/webshop:ref_type:branch:ref:main:environment:production:environment_protected:false");
        assertFalse(allowed(doc, c));
    }

    @Test
    void rejectsBadInputsNamingTheOption() {
        assertMessage("--account-id", () -> new TrustPolicyRequest(null, null, "12345", "acme/webshop", null, null,
                List.of("main"), List.of(), List.of(), null, null, false, null, false, false, false));
        assertMessage("--project-path", () -> request(null, "acme/*", null, List.of("main"), List.of(), List.of(), false, null));
        assertMessage("--gitlab-url", () -> request("http://gitlab.example.com", "acme/webshop", null, List.of("main"),
                List.of(), List.of(), false, null));
        assertMessage("--branch", () -> request(null, "acme/webshop", null, List.of(), List.of(), List.of(), false, null));
    }

    @Test
    void onGitLabComTheProjectIsPinnedByIdUnlessTheUserOptsOut() {
        var e = assertThrows(UsageException.class, () -> TrustPolicyGenerator.generate(request(null, "acme/webshop", null,
                List.of("main"), List.of(), List.of(), false, null)));
        assertTrue(e.getMessage().contains("lint rule name-based-trust"), e.getMessage());
        assertTrue(e.getMessage().contains("--project-id ID and --namespace-id GROUP_ID"), e.getMessage());
        assertTrue(e.getMessage().contains("--allow-name-based"), e.getMessage());
        TrustPolicyRequest optOut = TrustPolicyRequest.builder().accountId(ACCOUNT).projectPath("acme/webshop").branch("main")
                .allowNameBased(true).build();
        List<Finding> findings = TrustPolicyLinter.lint(only(PolicySources.read("n.json",
                PolicyRenderer.JSON.render(TrustPolicyGenerator.generate(optOut)))));
        assertEquals(List.of(Rule.NAME_BASED_TRUST), findings.stream().map(Finding::rule).toList());
        assertTrue(TrustPolicyGenerator.notes(optOut, lib.trust.cli.TokenIds.of(null, null, null)).get(0)
                .contains("whoever registers it gets the role"));
        String pinned = PolicyRenderer.JSON.render(TrustPolicyGenerator.generate(TrustPolicyRequest.builder().accountId(ACCOUNT)
                .projectPath("acme/webshop").projectId("42").namespaceId("7").branch("main").build()));
        assertTrue(pinned.contains("\"gitlab.com:project_id\" : \"42\"") && pinned.contains("\"gitlab.com:namespace_id\" : \"7\""), pinned);
    }

    @Test
    void anExactTagNeedsAProtectedRefUnlessTheUserAcceptsTheRisk() {
        var e = assertThrows(UsageException.class, () -> TrustPolicyGenerator.generate(request(null, "acme/webshop", "42",
                List.of(), List.of("v1.0"), List.of(), false, null)));
        assertTrue(e.getMessage().contains("lint rule tag-unprotected"), e.getMessage());
        PolicyDocument doc = roundTrip(TrustPolicyGenerator.generate(request(null, "acme/webshop", "42",
                List.of(), List.of("v1.0"), List.of(), true, null)));
        assertTrue(allowed(doc, claims("gitlab.com", "acme/webshop", "tag", "v1.0", true)));
        assertFalse(allowed(doc, claims("gitlab.com", "acme/webshop", "tag", "v1.0", false)), "an unprotected tag");
        var selfManaged = assertThrows(UsageException.class, () -> TrustPolicyGenerator.generate(request(
                "https://gitlab.example.com", "acme/webshop", null, List.of(), List.of("v1.0"), List.of(), false, null)));
        assertTrue(selfManaged.getMessage().contains("ref_protected in --sub-components"), selfManaged.getMessage());
    }

    /** IAM evaluates ${...} in a 2012-10-17 policy: a branch whose name holds "${" is written with ${$}. */
    @Test
    void aDollarBraceInABranchNameIsEscapedAsIamReadsIt() {
        ObjectNode policy = TrustPolicyGenerator.generate(request(null, "acme/webshop", "42", List.of("release-${x}"),
                List.of(), List.of(), false, null));
        String json = PolicyRenderer.JSON.render(policy);
        assertTrue(json.contains("ref:release-${$}{x}\""), json);
        PolicyDocument doc = roundTrip(policy);
        assertTrue(allowed(doc, claims("gitlab.com", "acme/webshop", "branch", "release-${x}", false)));
        assertFalse(allowed(doc, claims("gitlab.com", "acme/webshop", "branch", "release-$x", false)));
    }

    private static void assertMessage(String option, java.util.function.Supplier<TrustPolicyRequest> r) {
        var e = assertThrows(UsageException.class, () -> TrustPolicyGenerator.generate(r.get()));
        assertTrue(e.getMessage().contains(option), e.getMessage());
    }
}
