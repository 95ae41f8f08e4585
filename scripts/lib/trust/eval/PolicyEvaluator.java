package lib.trust.eval;

import lib.trust.model.AwsConditionKeys;
import lib.trust.model.ClaimSet;
import lib.trust.model.ConditionClause;
import lib.trust.model.ConditionEvaluator;
import lib.trust.model.ParsedOperator;
import lib.trust.model.PolicyVariables;
import lib.trust.model.TrustStatement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a trust policy for sts:AssumeRoleWithWebIdentity the way IAM does: a matching Deny
 * wins, else a matching Allow allows, else the implicit deny. A statement matches when its
 * principal names the token's provider (or "*"), its Action covers the call and every condition
 * clause holds (clauses are ANDed, values within a clause ORed).
 */
public final class PolicyEvaluator {
    private PolicyEvaluator() {}

    public static Decision evaluate(List<TrustStatement> statements, ClaimSet claims) {
        List<String> reasons = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>();
        for (TrustStatement s : statements) {
            if (s.isAllow()) continue;
            if (principalMatches(s, claims, notes) && actionMatches(s) && failing(s, claims, notes).isEmpty()) {
                reasons.add("Deny statement " + s.label() + " matched: " + describeAll(s, claims)
                        + " (an explicit Deny overrides every Allow)");
                return new Decision(false, s.label(), reasons, List.copyOf(notes));
            }
        }
        for (TrustStatement s : statements) {
            if (!s.isAllow()) continue;
            if (principalMatches(s, claims, notes) && actionMatches(s) && failing(s, claims, notes).isEmpty()) {
                reasons.add("Allow statement " + s.label() + " matched: " + describeAll(s, claims));
                return new Decision(true, s.label(), reasons, List.copyOf(notes));
            }
        }
        for (TrustStatement s : statements) {
            if (!s.isAllow()) continue;
            if (!principalMatches(s, claims, notes)) {
                reasons.add("Allow statement " + s.label() + ": principal " + principalText(s)
                        + " does not name the token's provider " + claims.issuerHost());
            } else if (!actionMatches(s)) {
                reasons.add("Allow statement " + s.label() + ": Action " + s.actions() + " does not cover "
                        + AwsConditionKeys.WEB_IDENTITY);
            } else {
                for (ConditionClause c : failing(s, claims, notes)) {
                    String reason = "Allow statement " + s.label() + ": condition " + c.operator() + " " + c.key()
                            + " " + c.values() + " failed; " + actual(c, claims);
                    List<String> sub = claims.valuesOf(c.key());
                    if (c.claim().equals("sub") && sub != null && sub.size() == 1 && !c.parsed().negated()) {
                        String diff = SubDiff.describe(c.values(), sub.get(0));
                        if (diff != null) reason += "; " + diff;
                    }
                    reasons.add(reason);
                }
            }
        }
        if (reasons.isEmpty()) reasons.add("No Allow statement in the policy (implicit deny)");
        return new Decision(false, null, reasons, List.copyOf(notes));
    }

    static boolean actionMatches(TrustStatement s) {
        return s.allowsWebIdentity();
    }

    static boolean principalMatches(TrustStatement s, ClaimSet claims, Set<String> notes) {
        boolean named = s.anyPrincipal();
        for (String f : s.federated()) {
            if (f.equals("*")) named = true;
            Optional<String> host = AwsConditionKeys.providerHost(f);
            if (host.isPresent() && claims.issuerHost() != null && host.get().equals(claims.issuerHost())) named = true;
            if (host.isEmpty() && AwsConditionKeys.isReference(f)) {
                notes.add("Federated '" + f + "' is an unevaluated reference; assumed to be the token's provider");
                named = true;
            }
        }
        if (s.notPrincipal()) {
            notes.add("NotPrincipal in " + s.label() + " is evaluated as the complement of the listed principals");
            return !named;
        }
        return named;
    }

    static List<ConditionClause> failing(TrustStatement s, ClaimSet claims, Set<String> notes) {
        List<ConditionClause> out = new ArrayList<>();
        for (ConditionClause c : s.conditions()) {
            ParsedOperator op = c.parsed();
            if (!op.known()) notes.add("'" + c.operator() + "' is not an IAM operator: IAM would reject the policy");
            else if (!ConditionEvaluator.modelled(op)) notes.add(c.operator() + " is not modelled: treated as false");
            ConditionClause resolved = resolved(s, c, claims, notes);
            if (resolved == null || !ConditionEvaluator.holds(resolved, claims.valuesOf(c.key()))) out.add(c);
        }
        return out;
    }

    /**
     * The clause with its policy variables replaced as IAM does for this token, or null when one
     * cannot be resolved: IAM then treats the statement as invalid, so it does not apply.
     */
    private static ConditionClause resolved(TrustStatement s, ConditionClause c, ClaimSet claims, Set<String> notes) {
        if (!c.variables() || c.values().stream().noneMatch(PolicyVariables::hasVariable)) return c;
        ParsedOperator op = c.parsed();
        boolean glob = op.isLike() || op.base().startsWith("Arn");
        List<String> values = new ArrayList<>();
        for (String v : c.values()) {
            Optional<String> r = PolicyVariables.resolve(v, glob, claims::valuesOf);
            if (r.isEmpty()) {
                PolicyVariables.ContextVariable bad = PolicyVariables.contextVariables(v).stream()
                        .filter(x -> x.defaultValue() == null && !single(claims.valuesOf(x.key()))).findFirst().orElseThrow();
                String why = claims.missingBecause(bad.key());
                notes.add("policy variable " + bad.text() + " in " + s.label() + " cannot be resolved for this token ("
                        + (why == null ? "the key has several values" : why)
                        + "): IAM treats the statement as invalid, so it does not apply");
                return null;
            }
            values.add(r.get());
        }
        return c.withValues(values);
    }

    private static boolean single(List<String> values) {
        return values != null && values.size() == 1;
    }

    private static String describeAll(TrustStatement s, ClaimSet claims) {
        if (s.conditions().isEmpty()) return "no conditions";
        List<String> parts = new ArrayList<>();
        for (ConditionClause c : s.conditions()) {
            parts.add(c.operator() + " " + c.key() + " " + c.values() + " held (" + actual(c, claims) + ")");
        }
        return String.join("; ", parts);
    }

    private static String actual(ConditionClause c, ClaimSet claims) {
        List<String> v = claims.valuesOf(c.key());
        if (v == null) {
            return claims.missingBecause(c.key()) + "; " + ConditionEvaluator.onMissingKey(c.parsed());
        }
        return "the token has " + c.claim() + "=" + (v.size() == 1 ? "'" + v.get(0) + "'" : v.toString());
    }

    private static String principalText(TrustStatement s) {
        if (!s.federated().isEmpty()) return "Federated " + s.federated();
        if (!s.otherPrincipals().isEmpty()) return s.otherPrincipals().toString();
        return "(none)";
    }
}
