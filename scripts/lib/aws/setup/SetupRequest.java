package lib.aws.setup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What the account should end up with, all inputs checked.
 *
 * @param issuerUrl          https://host[/path] of the GitLab instance (the provider URL)
 * @param providerArn        the provider's ARN in the caller's account
 * @param audience           client id the provider must list
 * @param thumbprints        thumbprints to register (empty: let IAM use its trusted CAs)
 * @param roleName           the role to create or update
 * @param description        role description used when the role is created
 * @param trustPolicy        the generated trust policy
 * @param updateTrust        replace an existing trust policy that differs
 * @param maxSessionDuration seconds, 3600 to 43200
 * @param tags               tags the role must carry (others are left alone)
 * @param policyArns         managed policies the role must have attached (others are left alone)
 * @param inlinePolicyName   name of the inline policy, or null when none is asked for
 * @param inlinePolicy       the inline policy document, or null
 */
public record SetupRequest(String issuerUrl, String providerArn, String audience, List<String> thumbprints,
                           String roleName, String description, JsonNode trustPolicy, boolean updateTrust,
                           int maxSessionDuration, Map<String, String> tags, List<String> policyArns,
                           String inlinePolicyName, JsonNode inlinePolicy) {
    public SetupRequest {
        thumbprints = List.copyOf(thumbprints);
        tags = Map.copyOf(tags);
        policyArns = List.copyOf(policyArns);
    }
}
