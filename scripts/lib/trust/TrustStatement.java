package lib.trust;

import java.util.List;

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
}
