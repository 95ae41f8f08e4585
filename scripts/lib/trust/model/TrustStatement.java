package lib.trust.model;

import java.util.List;
import java.util.Locale;

/**
 * One statement of a trust policy in a normalised form shared by lint and explain.
 *
 * @param label         where it is, for messages: Sid or "Statement[i]", prefixed by the document label
 * @param anyPrincipal  Principal "*" or {"AWS": "*"}
 * @param federated     the Federated principal values (ARNs or unevaluated references)
 * @param notPrincipal  the principal block was NotPrincipal
 * @param incomplete    parts could not be read without evaluation (e.g. Terraform dynamic blocks):
 *                      lint then skips rules that need the whole statement
 */
public record TrustStatement(String label, String effect, List<String> actions, boolean notAction,
                             boolean anyPrincipal, List<String> federated, List<String> otherPrincipals,
                             boolean notPrincipal, List<ConditionClause> conditions, boolean incomplete,
                             int line) {

    public boolean isAllow() {
        return !"Deny".equalsIgnoreCase(effect);
    }

    /** True when Action (or NotAction) covers sts:AssumeRoleWithWebIdentity; references count as covering. */
    public boolean allowsWebIdentity() {
        if (actions.stream().anyMatch(a -> a.contains("${"))) return true;
        boolean any = actions.stream().anyMatch(a -> Glob.matches(a.toLowerCase(Locale.ROOT),
                AwsConditionKeys.WEB_IDENTITY.toLowerCase(Locale.ROOT)));
        return notAction ? !any : any;
    }
}
