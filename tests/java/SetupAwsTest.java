import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import testkit.Moto;
import testkit.MotoIam;
import testkit.Tools;

/** SetupAws in process against moto's IAM and STS; what it did is read back with the AWS CLI v2. */
class SetupAwsTest {
    static final String ROLE = "gitlab-deploy";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/" + ROLE;
    static final String PROVIDER_ARN = "arn:aws:iam::123456789012:oidc-provider/gitlab.com";
    static final String READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
    static final String SUB_MAIN = "project_path:acme/webshop:ref_type:branch:ref:main";
    static final String SUB_RELEASE = "project_path:acme/webshop:ref_type:branch:ref:release";

    record Run(int exitCode, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    @BeforeEach
    void emptyAccount() {
        Moto.get().reset();
    }

    static Run setup(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = SetupAws.commandLine(new SetupAws(env));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run setup(String... args) {
        return setup(MotoIam.environment(), args);
    }

    static String[] basic(String... more) {
        List<String> args = new ArrayList<>(List.of("--project-path", "acme/webshop", "--role-name", ROLE, "--branch", "main",
                "--region", "eu-west-1"));
        // gitlab.com pins the project by id (name-based-trust); a self-managed instance has no id keys.
        if (!List.of(more).contains("--gitlab-url")) args.addAll(List.of("--project-id", "4242", "--namespace-id", "72"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    static JsonNode trustPolicy() {
        return MotoIam.cli("get-role", "--role-name", ROLE).path("Role").path("AssumeRolePolicyDocument");
    }

    /** A line of a plan's diff: the sign, then the normalised JSON line (indentation aside). */
    static boolean hasDiffLine(Run run, String sign, String text) {
        return run.stdout().lines().anyMatch(l -> l.startsWith("            " + sign + " ") && l.substring(14).trim().equals(text));
    }

    static String fixture(String name) {
        return Tools.FIXTURES.resolve("setup-aws").resolve(name).toString();
    }

    // --- from an empty account

    @Test
    void createsProviderAndRoleInAnEmptyAccount() {
        Run run = setup(basic("--policy-arn", READ_ONLY, "--inline-policy", fixture("read-s3.json"),
                "--tag-role", "team=platform", "--max-session-duration", "7200"));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("Applied 4 change(s)."), run.toString());

        JsonNode role = MotoIam.cli("get-role", "--role-name", ROLE).path("Role");
        assertEquals(ROLE_ARN, role.path("Arn").asText());
        assertEquals(7200, role.path("MaxSessionDuration").asInt());
        JsonNode statement = role.path("AssumeRolePolicyDocument").path("Statement").get(0);
        assertEquals("Allow", statement.path("Effect").asText());
        assertEquals("sts:AssumeRoleWithWebIdentity", statement.path("Action").asText());
        assertEquals(PROVIDER_ARN, statement.path("Principal").path("Federated").asText());
        JsonNode equals = statement.path("Condition").path("StringEquals");
        assertEquals(SUB_MAIN, equals.path("gitlab.com:sub").asText());
        assertEquals("sts.amazonaws.com", equals.path("gitlab.com:aud").asText());

        JsonNode provider = MotoIam.cli("get-open-id-connect-provider", "--open-id-connect-provider-arn", PROVIDER_ARN);
        assertEquals("gitlab.com", provider.path("Url").asText());
        assertEquals("[\"sts.amazonaws.com\"]", provider.path("ClientIDList").toString());
        assertEquals(0, provider.path("ThumbprintList").size(), "no thumbprint unless asked: " + provider);

        JsonNode attached = MotoIam.cli("list-attached-role-policies", "--role-name", ROLE).path("AttachedPolicies");
        assertEquals(READ_ONLY, attached.get(0).path("PolicyArn").asText(), attached.toString());
        JsonNode inline = MotoIam.cli("get-role-policy", "--role-name", ROLE, "--policy-name", "gitlab-ci").path("PolicyDocument");
        assertEquals("s3:ListBucket", inline.path("Statement").get(0).path("Action").get(1).asText(), inline.toString());
        JsonNode tags = MotoIam.cli("list-role-tags", "--role-name", ROLE).path("Tags");
        assertEquals("[{\"Key\":\"team\",\"Value\":\"platform\"}]", tags.toString());
    }

    @Test
    void endsWithTheIncludeSnippetForTheRole() {
        Run run = setup(basic("--audience", "https://gitlab.example.com"));
        assertEquals(0, run.exitCode(), run.toString());
        String snippet = run.stdout().substring(run.stdout().indexOf("include:"));
        assertTrue(snippet.startsWith("include:\n  - component: $CI_SERVER_FQDN/<group>/<project>/assume-role@<version>\n"
                + "    inputs:\n      role_arn: " + ROLE_ARN + "\n      aws_region: eu-west-1\n"
                + "      audience: https://gitlab.example.com\n"), snippet);
        Moto.get().reset();
        Run defaultAudience = setup(basic("--component", "gitlab.example.com/tools/aws/assume-role@1.2.0"));
        String plain = defaultAudience.stdout().substring(defaultAudience.stdout().indexOf("include:"));
        assertTrue(plain.contains("  - component: gitlab.example.com/tools/aws/assume-role@1.2.0\n"), plain);
        assertFalse(plain.contains("audience:"), "the default audience is not repeated: " + plain);
    }

    // --- idempotence

    @Test
    void secondRunWithTheSameArgumentsChangesNothing() {
        String[] args = basic("--policy-arn", READ_ONLY, "--inline-policy", fixture("read-s3.json"), "--tag-role", "team=platform");
        assertEquals(0, setup(args).exitCode());
        JsonNode before = MotoIam.cli("get-role", "--role-name", ROLE).path("Role");

        Run second = setup(args);
        assertEquals(0, second.exitCode(), second.toString());
        assertTrue(second.stdout().contains("Nothing to change: the account already matches."), second.toString());
        List<String> planLines = second.stdout().lines().filter(l -> l.matches("  (create|change|keep|differs) .*")).toList();
        assertEquals(6, planLines.size(), second.toString());
        assertTrue(planLines.stream().allMatch(l -> l.startsWith("  keep ")), second.toString());
        assertFalse(second.stdout().contains("done "), second.toString());
        assertEquals(before, MotoIam.cli("get-role", "--role-name", ROLE).path("Role"), "the role is as it was");
    }

    @Test
    void dryRunPrintsThePlanAndChangesNothing() {
        Run run = setup(basic("--policy-arn", READ_ONLY, "--dry-run"));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("  create  OIDC provider https://gitlab.com with client id sts.amazonaws.com"), run.toString());
        assertTrue(run.stdout().contains("  create  role " + ROLE + " (max session 3600 s)"), run.toString());
        assertTrue(run.stdout().contains("\"gitlab.com:sub\" : \"" + SUB_MAIN + "\""), "the plan shows the trust policy: " + run);
        assertTrue(run.stdout().contains("Dry run: 3 change(s) planned, nothing was changed."), run.toString());
        assertTrue(run.stdout().contains("role_arn: " + ROLE_ARN), run.toString());
        assertEquals(0, MotoIam.cli("list-roles").path("Roles").size());
        assertEquals(0, MotoIam.cli("list-open-id-connect-providers").path("OpenIDConnectProviderList").size());
    }

    // --- an existing role

    @Test
    void trustPolicyDriftIsShownAsADiffAndLeftAloneWithoutUpdateTrust() {
        assertEquals(0, setup(basic()).exitCode());
        Run run = setup(basic("--branch", "release", "--max-session-duration", "7200"));
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("  differs role " + ROLE + ": the trust policy differs"), run.toString());
        assertTrue(hasDiffLine(run, "-", "\"gitlab.com:sub\" : \"" + SUB_MAIN + "\""), run.toString());
        assertTrue(hasDiffLine(run, "+", "\"gitlab.com:sub\" : [ \"" + SUB_MAIN + "\", \"" + SUB_RELEASE + "\" ]"), run.toString());
        assertTrue(run.stderr().contains("--update-trust (env SETUP_AWS_UPDATE_TRUST=true)"), run.toString());
        assertTrue(run.stderr().contains("Nothing was changed."), run.toString());
        assertEquals(SUB_MAIN, trustPolicy().path("Statement").get(0).path("Condition").path("StringEquals").path("gitlab.com:sub").asText());
        assertEquals(3600, MotoIam.cli("get-role", "--role-name", ROLE).path("Role").path("MaxSessionDuration").asInt(),
                "no other change is made while the trust policy blocks the run");
    }

    @Test
    void updateTrustReplacesADifferingTrustPolicy() {
        assertEquals(0, setup(basic()).exitCode());
        Run run = setup(basic("--branch", "release", "--update-trust"));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("  change  role " + ROLE + ": replace the trust policy"), run.toString());
        assertTrue(run.stdout().contains("Applied 1 change(s)."), run.toString());
        JsonNode sub = trustPolicy().path("Statement").get(0).path("Condition").path("StringEquals").path("gitlab.com:sub");
        assertEquals("[\"" + SUB_MAIN + "\",\"" + SUB_RELEASE + "\"]", sub.toString());
        assertTrue(setup(basic("--branch", "release")).stdout().contains("Nothing to change"), "stable after the update");
    }

    @Test
    void alignsMaxSessionTagsPoliciesAndInlinePolicyOfAnExistingRole() {
        assertEquals(0, setup(basic("--inline-policy", fixture("read-s3.json"), "--tag-role", "team=platform,owner=ops")).exitCode());
        Run run = setup(basic("--inline-policy", fixture("write-s3.json"), "--tag-role", "team=web", "--policy-arn", READ_ONLY,
                "--max-session-duration", "43200"));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("  change  role " + ROLE + ": max session 3600 s -> 43200 s"), run.toString());
        assertTrue(run.stdout().contains("  change  role " + ROLE + ": tags team=web"), run.toString());
        assertTrue(run.stdout().contains("  change  role " + ROLE + ": attach managed policy " + READ_ONLY), run.toString());
        assertTrue(hasDiffLine(run, "-", "\"Action\" : [ \"s3:GetObject\", \"s3:ListBucket\" ],"), "inline diff: " + run);
        assertTrue(hasDiffLine(run, "+", "\"Action\" : [ \"s3:GetObject\", \"s3:PutObject\" ],"), "inline diff: " + run);
        assertTrue(run.stdout().contains("Applied 4 change(s)."), run.toString());

        JsonNode role = MotoIam.cli("get-role", "--role-name", ROLE).path("Role");
        assertEquals(43200, role.path("MaxSessionDuration").asInt());
        Map<String, String> tags = new HashMap<>();
        MotoIam.cli("list-role-tags", "--role-name", ROLE).path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        assertEquals(Map.of("team", "web", "owner", "ops"), tags, "tags not named are left alone");
        JsonNode inline = MotoIam.cli("get-role-policy", "--role-name", ROLE, "--policy-name", "gitlab-ci").path("PolicyDocument");
        assertEquals("s3:PutObject", inline.path("Statement").get(0).path("Action").get(1).asText());
    }

    @Test
    void otherAttachedPoliciesAndClientIdsAreLeftAlone() {
        try (var iam = MotoIam.client()) {
            iam.createOpenIDConnectProvider(r -> r.url("https://gitlab.com").clientIDList("sts.amazonaws.com", "other"));
        }
        assertEquals(0, setup(basic("--policy-arn", READ_ONLY)).exitCode());
        Run run = setup(basic());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("  keep    role " + ROLE + ": also attached, not managed here: [" + READ_ONLY + "]"), run.toString());
        assertEquals(2, MotoIam.cli("get-open-id-connect-provider", "--open-id-connect-provider-arn", PROVIDER_ARN)
                .path("ClientIDList").size());
        assertEquals(1, MotoIam.cli("list-attached-role-policies", "--role-name", ROLE).path("AttachedPolicies").size());
    }

    @Test
    void thumbprintIsRegisteredOnlyWhenGiven() {
        String thumbprint = "0123456789abcdef0123456789abcdef01234567";
        Run run = setup(basic("--gitlab-url", "https://gitlab.example.com", "--thumbprint", thumbprint));
        assertEquals(0, run.exitCode(), run.toString());
        JsonNode provider = MotoIam.cli("get-open-id-connect-provider", "--open-id-connect-provider-arn",
                "arn:aws:iam::123456789012:oidc-provider/gitlab.example.com");
        assertEquals("[\"" + thumbprint + "\"]", provider.path("ThumbprintList").toString());
    }

    // --- what moto cannot do, and failures

    /**
     * moto answers AddClientIDToOpenIDConnectProvider with HTTP 500, so the add-a-missing-audience
     * path is exercised up to that call: the failure names the action and nothing after it runs.
     */
    @Test
    void missingAudienceIsAddedToTheProviderAndAFailureNamesTheAction() {
        assertEquals(0, setup(basic()).exitCode());
        Run run = setup(basic("--audience", "gitlab-ci", "--update-trust"));
        assertTrue(run.stdout().contains("  change  OIDC provider " + PROVIDER_ARN + ": add client id gitlab-ci (it lists [sts.amazonaws.com])"),
                run.toString());
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("iam:AddClientIDToOpenIDConnectProvider failed (HTTP 500)"), run.toString());
        assertTrue(run.stderr().contains("0 of 2 change(s) were applied before this; run the same command again"), run.toString());
        assertEquals("sts.amazonaws.com", trustPolicy().path("Statement").get(0).path("Condition").path("StringEquals")
                .path("gitlab.com:aud").asText(), "the trust policy was not changed after the failed step");
    }

    @Test
    void refusesAnotherAccountBeforeAnyChange() {
        Run run = setup(basic("--account-id", "111111111111"));
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("the credentials belong to account 123456789012"), run.toString());
        assertTrue(run.stderr().contains("not to 111111111111 as --account-id (env TRUST_POLICY_ACCOUNT_ID) asks"), run.toString());
        assertEquals(0, MotoIam.cli("list-roles").path("Roles").size());
        assertEquals(0, setup(basic("--account-id", "123456789012")).exitCode(), "the right account is accepted");
    }
}
