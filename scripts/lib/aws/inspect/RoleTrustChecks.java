package lib.aws.inspect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import lib.aws.Arns.RoleArn;
import lib.aws.AwsCallFailure;
import lib.aws.IamReads;
import lib.aws.OidcProvider;
import lib.token.CheckResult;
import lib.token.ClaimCheck;
import lib.token.TokenClaims;
import lib.trust.eval.Decision;
import lib.trust.eval.PolicyEvaluator;
import lib.trust.lint.Finding;
import lib.trust.lint.Rule;
import lib.trust.lint.TrustPolicyLinter;
import lib.trust.model.PolicyDocument;
import lib.trust.model.AwsConditionKeys;
import lib.trust.model.ClaimSet;
import lib.trust.read.LineLocator;
import lib.trust.read.PolicyReadException;
import lib.trust.read.StatementReader;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The AWS side of "why am I denied?": reads the role's trust policy and the account's OIDC
 * providers once (iam:GetRole, iam:ListOpenIDConnectProviders, iam:GetOpenIDConnectProvider),
 * then checks that a provider exists for the token's issuer, that it lists the token's aud, and
 * what the trust policy decides for the token's claims as AWS exposes them.
 */
public final class RoleTrustChecks {
    public static final String PROVIDER = "iam-provider";
    public static final String CLIENT_ID = "iam-client-id";
    public static final String TRUST = "role-trust";

    private final RoleArn role;
    private final Supplier<IamClient> clients;
    private Account account;

    private record Account(JsonNode trustPolicy, List<OidcProvider> providers, String failure) {}

    public RoleTrustChecks(RoleArn role, Supplier<IamClient> clients) {
        this.role = role;
        this.clients = clients;
    }

    public List<ClaimCheck> checks() {
        return List.of(this::provider, this::clientId, this::trust);
    }

    private Account account() {
        if (account == null) {
            try (IamClient iam = clients.get()) {
                IamReads reads = new IamReads(iam);
                Optional<JsonNode> trust = reads.trustPolicy(role.name());
                account = trust.isEmpty()
                        ? new Account(null, List.of(), "role " + role.arn() + " does not exist (iam:GetRole answered NoSuchEntity). "
                                + "Fix: check the ARN, the account of your credentials, or create the role with SetupAws.java")
                        : new Account(trust.get(), reads.providers(), null);
            } catch (AwsCallFailure e) {
                account = new Account(null, List.of(), "cannot read the AWS side: " + e.getMessage());
            }
        }
        return account;
    }

    private CheckResult provider(TokenClaims token) {
        Account a = account();
        if (a.failure() != null) return CheckResult.fail(PROVIDER, a.failure());
        Optional<String> host = host(token);
        if (host.isEmpty()) return CheckResult.skip(PROVIDER, "the token has no usable iss");
        Optional<OidcProvider> match = match(a, host.get());
        if (match.isPresent()) return CheckResult.pass(PROVIDER, match.get().arn() + " exists for iss " + token.issuer().orElse(""));
        return CheckResult.fail(PROVIDER, "account " + role.account() + " has no IAM OIDC provider for " + host.get()
                + " (it has " + a.providers().stream().map(OidcProvider::providerId).toList() + "): STS answers "
                + "InvalidIdentityToken \"No OpenIDConnect provider found\". Fix: SetupAws.java --gitlab-url https://" + host.get()
                + " ..., or aws iam create-open-id-connect-provider --url https://" + host.get() + " --client-id-list "
                + token.audiences().stream().findFirst().orElse("sts.amazonaws.com"));
    }

    private CheckResult clientId(TokenClaims token) {
        Account a = account();
        if (a.failure() != null) return CheckResult.skip(CLIENT_ID, "the AWS side could not be read");
        Optional<OidcProvider> match = host(token).flatMap(h -> match(a, h));
        if (match.isEmpty()) return CheckResult.skip(CLIENT_ID, "no provider for the token's issuer");
        List<String> audiences = token.audiences();
        Optional<String> listed = audiences.stream().filter(match.get().clientIds()::contains).findFirst();
        if (listed.isPresent()) return CheckResult.pass(CLIENT_ID, match.get().arn() + " lists client id " + listed.get());
        String aud = audiences.isEmpty() ? "(none)" : String.join(", ", audiences);
        return CheckResult.fail(CLIENT_ID, match.get().arn() + " lists client ids " + match.get().clientIds() + ", the token's aud is "
                + aud + ": STS answers InvalidIdentityToken \"Incorrect token audience\". Fix: request aud "
                + match.get().clientIds().stream().findFirst().orElse("sts.amazonaws.com") + " in id_tokens, or aws iam "
                + "add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn " + match.get().arn()
                + " --client-id " + (audiences.isEmpty() ? "<aud>" : audiences.get(0)));
    }

    private CheckResult trust(TokenClaims token) {
        Account a = account();
        if (a.failure() != null) return CheckResult.skip(TRUST, "the AWS side could not be read");
        Optional<String> host = host(token);
        if (host.isEmpty()) return CheckResult.skip(TRUST, "the token has no usable iss");
        Decision decision;
        try {
            ObjectNode claims = new ObjectMapper().valueToTree(token.claims());
            decision = PolicyEvaluator.evaluate(StatementReader.read("", a.trustPolicy(), LineLocator.none()),
                    new ClaimSet(claims, host.get()));
        } catch (PolicyReadException e) {
            return CheckResult.fail(TRUST, "the trust policy of " + role.arn() + " cannot be read: " + e.getMessage());
        }
        String notes = decision.notes().isEmpty() ? "" : " (note: " + String.join("; ", decision.notes()) + ")";
        if (decision.allowed()) {
            return CheckResult.pass(TRUST, role.arn() + " allows this token: " + String.join("; ", decision.reasons()) + notes
                    + nameBased(a.trustPolicy(), token, host.get()));
        }
        return CheckResult.fail(TRUST, role.arn() + " denies this token (STS answers AccessDenied): "
                + String.join("; ", decision.reasons()) + notes);
    }

    /**
     * When the token's project_id is at hand and the policy trusts the project by its path on
     * gitlab.com (lint rules name-based-trust, namespace-without-project): the pin to add, with the
     * token's own ids. Empty otherwise.
     */
    static String nameBased(JsonNode trustPolicy, TokenClaims token, String host) {
        Object projectId = token.claims().get("project_id");
        if (projectId == null || !AwsConditionKeys.isGitLabCom(host)) return "";
        List<Finding> findings = TrustPolicyLinter.lint(new PolicyDocument("trust policy", "", trustPolicy,
                StatementReader.read("", trustPolicy, LineLocator.none())));
        boolean byName = findings.stream().anyMatch(f -> f.rule() == Rule.NAME_BASED_TRUST || f.rule() == Rule.NAMESPACE_WITHOUT_PROJECT);
        if (!byName) return "";
        Object namespaceId = token.claims().get("namespace_id");
        return ". But it trusts the project by its path (lint rule " + Rule.NAME_BASED_TRUST.id + "): if the path is freed, "
                + "whoever registers it gets this role. Fix: add \"StringEquals\": {\"gitlab.com:project_id\": \"" + projectId + "\""
                + (namespaceId == null ? "" : ", \"gitlab.com:namespace_id\": \"" + namespaceId + "\"") + "} (this token's ids), "
                + "e.g. SetupAws.java --project-id " + projectId + (namespaceId == null ? "" : " --namespace-id " + namespaceId)
                + " --update-trust";
    }

    private static Optional<String> host(TokenClaims token) {
        try {
            return token.issuer().filter(i -> !i.isBlank()).map(AwsConditionKeys::hostOf);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<OidcProvider> match(Account a, String host) {
        return a.providers().stream()
                .filter(p -> p.providerId().toLowerCase(Locale.ROOT).equals(host))
                .filter(p -> p.arn().contains(":" + role.account() + ":"))
                .findFirst();
    }
}
