package lib.aws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.GetOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.Role;

/** Read-only IAM calls, each named by the action it needs, so a missing permission is named. */
public final class IamReads {
    private final IamClient iam;

    public IamReads(IamClient iam) {
        this.iam = iam;
    }

    public Optional<OidcProvider> provider(String arn) {
        return AwsCall.ifExists("iam:GetOpenIDConnectProvider",
                () -> iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn))).map(p -> provider(arn, p));
    }

    /** Every OIDC provider of the account, with its client ids. */
    public List<OidcProvider> providers() {
        List<OidcProvider> out = new ArrayList<>();
        AwsCall.run("iam:ListOpenIDConnectProviders", () -> iam.listOpenIDConnectProviders(r -> { }))
                .openIDConnectProviderList().forEach(entry -> provider(entry.arn()).ifPresent(out::add));
        return out;
    }

    public Optional<RoleState> role(String roleName) {
        Optional<Role> role = AwsCall.ifExists("iam:GetRole", () -> iam.getRole(r -> r.roleName(roleName))).map(r -> r.role());
        if (role.isEmpty()) return Optional.empty();
        Map<String, String> tags = new LinkedHashMap<>();
        AwsCall.run("iam:ListRoleTags", () -> {
            iam.listRoleTagsPaginator(r -> r.roleName(roleName)).tags().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        });
        List<String> attached = new ArrayList<>();
        AwsCall.run("iam:ListAttachedRolePolicies", () -> {
            iam.listAttachedRolePoliciesPaginator(r -> r.roleName(roleName)).attachedPolicies().forEach(p -> attached.add(p.policyArn()));
            return attached;
        });
        Role r = role.get();
        return Optional.of(new RoleState(r.arn(), PolicyJson.parse(r.assumeRolePolicyDocument()),
                r.maxSessionDuration() == null ? 3600 : r.maxSessionDuration(), tags, attached));
    }

    /** The role's trust policy alone: all that a diagnosis needs (iam:GetRole). */
    public Optional<JsonNode> trustPolicy(String roleName) {
        return AwsCall.ifExists("iam:GetRole", () -> iam.getRole(r -> r.roleName(roleName)))
                .map(r -> PolicyJson.parse(r.role().assumeRolePolicyDocument()));
    }

    public Optional<JsonNode> inlinePolicy(String roleName, String policyName) {
        return AwsCall.ifExists("iam:GetRolePolicy", () -> iam.getRolePolicy(r -> r.roleName(roleName).policyName(policyName)))
                .map(r -> PolicyJson.parse(r.policyDocument()));
    }

    private static OidcProvider provider(String arn, GetOpenIdConnectProviderResponse p) {
        return new OidcProvider(arn, p.url(), p.clientIDList(), p.thumbprintList());
    }
}
