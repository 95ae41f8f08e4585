package lib.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import testkit.TestIssuer;
import testkit.Tools;

class AwsViewTest {

    private static TokenClaims gitlabComToken() throws Exception {
        String payload = Files.readString(Tools.FIXTURES.resolve("token/gitlab-com-claims.json"));
        return TokenClaims.decode(CraftedTokens.b64(CraftedTokens.json(CraftedTokens.header("RS256", "k"))) + "."
                + CraftedTokens.b64(payload) + "." + CraftedTokens.b64("sig"));
    }

    @Test
    void gitlabComTokenShowsTheExtraConditionKeysAwsExposes() throws Exception {
        AwsView view = AwsView.of(gitlabComToken()).orElseThrow();
        assertEquals("gitlab.com", view.providerId());
        assertEquals("arn:aws:iam::123456789012:oidc-provider/gitlab.com", view.providerArn("123456789012"));
        assertEquals(List.of("sts.amazonaws.com"), view.audiences());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("gitlab.com:sub", "project_path:example-group/infra:ref_type:branch:ref:feature/login");
        expected.put("gitlab.com:aud", "sts.amazonaws.com");
        expected.put("gitlab.com:project_id", "2000002");
        expected.put("gitlab.com:namespace_id", "1000001");
        expected.put("gitlab.com:user_id", "3000003");
        expected.put("gitlab.com:user_login", "alice");
        expected.put("gitlab.com:user_email", "alice@example.org");
        expected.put("gitlab.com:user_access_level", "developer");
        expected.put("gitlab.com:ref_protected", "false");
        expected.put("gitlab.com:pipeline_source", "merge_request_event");
        expected.put("gitlab.com:runner_environment", "gitlab-hosted");
        assertEquals(expected, view.conditionKeys());
        assertEquals(List.of(), view.notes());
    }

    @Test
    void selfManagedInstanceGetsOnlySubAndAud() throws Exception {
        TokenClaims claims = TokenClaims.decode(new TestIssuer("https://git.example.org/gitlab/").mint());
        AwsView view = AwsView.of(claims).orElseThrow();
        assertEquals("git.example.org/gitlab", view.providerId());
        assertEquals(List.of("git.example.org/gitlab:sub", "git.example.org/gitlab:aud"), List.copyOf(view.conditionKeys().keySet()));
        assertTrue(view.notes().get(0).startsWith("self-managed instance"), view.notes().toString());
    }

    @Test
    void plainHttpIssuerIsFlaggedBecauseIamNeedsHttps() throws Exception {
        AwsView view = AwsView.of(TokenClaims.decode(new TestIssuer("http://127.0.0.1:8080").mint())).orElseThrow();
        assertEquals("127.0.0.1:8080", view.providerId());
        assertTrue(view.notes().get(0).startsWith("IAM accepts only https:// issuers"), view.notes().toString());
    }

    @Test
    void tokenWithoutIssuerHasNoView() throws Exception {
        Map<String, Object> noIss = new java.util.HashMap<>();
        noIss.put("iss", null);
        assertTrue(AwsView.of(TokenClaims.decode(new TestIssuer().mint(noIss))).isEmpty());
    }
}
