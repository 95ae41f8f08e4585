package lib.trust.lint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lib.trust.model.AwsConditionKeys;
import lib.trust.model.ConditionClause;
import lib.trust.model.Glob;
import lib.trust.model.ParsedOperator;
import lib.trust.model.PolicyVariables;
import lib.trust.model.SubPattern;
import lib.trust.model.TrustStatement;

/**
 * The checks that judge a statement as an attacker would use it: which names (rather than ids) it
 * trusts, which tags anyone with Developer access can mint, keys of several issuers that no single
 * token carries, and policy variables IAM cannot resolve.
 */
final class JudgmentChecks {
    private JudgmentChecks() {}

    /** The statement with {@code ${*}}, {@code ${?}}, {@code ${$}} read as IAM does (literal characters). */
    static TrustStatement lintForm(TrustStatement s) {
        if (s.conditions().stream().noneMatch(ConditionClause::variables)) return s;
        List<ConditionClause> conditions = new ArrayList<>();
        for (ConditionClause c : s.conditions()) {
            if (selfReference(c)) {
                // IAM replaces ${key} with the request's own value of key: the clause always holds,
                // exactly as StringLike '*' does.
                ParsedOperator op = c.parsed();
                String operator = (op.qualifier().isEmpty() ? "" : op.qualifier() + ":") + "StringLike"
                        + (op.ifExists() ? "IfExists" : "");
                conditions.add(new ConditionClause(operator, c.key(), List.of("*"), true));
                continue;
            }
            conditions.add(c.variables() ? c.withValues(c.values().stream().map(PolicyVariables::forLint).toList()) : c);
        }
        return new TrustStatement(s.label(), s.effect(), s.actions(), s.notAction(), s.anyPrincipal(), s.federated(),
                s.otherPrincipals(), s.notPrincipal(), conditions, s.incomplete(), s.line());
    }

    /**
     * A positive string condition one of whose values is exactly {@code ${KEY}} for its own key
     * (e.g. "gitlab.com:sub": "${gitlab.com:sub}"): IAM substitutes the token's own value, so the
     * condition compares the claim with itself and always holds.
     */
    static boolean selfReference(ConditionClause c) {
        ParsedOperator op = c.parsed();
        if (!c.variables() || !op.known() || op.negated() || !op.base().startsWith("String")) return false;
        for (String v : c.values()) {
            for (PolicyVariables.ContextVariable x : PolicyVariables.contextVariables(v)) {
                if (x.text().equals(v.trim()) && x.key().equalsIgnoreCase(c.key())) return true;
            }
        }
        return false;
    }

    /** Says why a '*' appears where the policy has ${KEY}: added to the rule the wildcard fired. */
    static void selfReferenceNotes(Map<Rule, Set<String>> found, TrustStatement raw) {
        for (ConditionClause c : raw.conditions()) {
            if (!selfReference(c)) continue;
            Rule rule = switch (c.claim()) {
                case "sub" -> found.containsKey(Rule.SUB_WILDCARD_INSTANCE) ? Rule.SUB_WILDCARD_INSTANCE : null;
                case "aud" -> found.containsKey(Rule.AUD_WILDCARD) ? Rule.AUD_WILDCARD : null;
                default -> null;
            };
            if (rule != null) {
                TrustPolicyLinter.add(found, rule, "(" + c.operator() + " " + c.key() + " ${" + c.key()
                        + "} compares the token's claim with itself: always true, like '*'.)");
            }
        }
    }

    /**
     * A {@code ${host:claim}} variable without a default that AWS never sets for the provider: IAM
     * cannot resolve it and the statement is invalid. Reported as its cause (the key) and
     * condition-never-matches. {@code aws:} variables are not judged (not modelled).
     */
    static void variables(Map<Rule, Set<String>> found, TrustStatement s, Set<String> hosts, boolean providerUnknown) {
        if (providerUnknown) return;
        for (ConditionClause c : s.conditions()) {
            if (!c.variables()) continue;
            for (String v : c.values()) {
                for (PolicyVariables.ContextVariable x : PolicyVariables.contextVariables(v)) {
                    if (x.defaultValue() != null) continue;
                    int colon = x.key().lastIndexOf(':');
                    String host = x.key().substring(0, colon).toLowerCase(java.util.Locale.ROOT);
                    String claim = x.key().substring(colon + 1).toLowerCase(java.util.Locale.ROOT);
                    String why;
                    if (Set.of("aws", "sts", "iam").contains(host) || host.contains("${")) continue;
                    if (!hosts.contains(host)) {
                        TrustPolicyLinter.add(found, Rule.FOREIGN_HOST_KEY, "policy variable " + x.text() + " but the provider is " + hosts + ".");
                        why = "its host is not the provider's";
                    } else if (AwsConditionKeys.awsExposes(host, claim)) {
                        continue;
                    } else if (!AwsConditionKeys.isGitLabCom(host) && AwsConditionKeys.GITLAB_COM_ONLY.contains(claim)) {
                        TrustPolicyLinter.add(found, Rule.GITLAB_COM_ONLY_KEY, "policy variable " + x.text() + " on self-managed " + host + ".");
                        why = "AWS sets " + claim + " for gitlab.com only";
                    } else {
                        TrustPolicyLinter.add(found, Rule.UNSUPPORTED_CLAIM_KEY, "policy variable " + x.text() + " names a claim AWS does not set.");
                        why = "AWS does not expose the " + claim + " claim as a condition key";
                    }
                    TrustPolicyLinter.add(found, Rule.CONDITION_NEVER_MATCHES, ConditionChecks.deadClause(s, c,
                            "IAM cannot resolve the policy variable " + x.text() + " (" + why + ") and treats the statement as invalid"));
                }
            }
        }
    }

    /**
     * Keys of two or more providers, each required to be present: STS sets only the keys of the
     * issuer that signed the token, so no token satisfies the statement.
     */
    static void mixedIssuers(Map<Rule, Set<String>> found, TrustStatement s, Set<String> hosts) {
        if (hosts.size() < 2) return;
        Set<String> required = new LinkedHashSet<>();
        for (ConditionClause c : s.conditions()) {
            ParsedOperator op = c.parsed();
            if (hosts.contains(c.keyHost()) && ConditionChecks.requiresKey(op, c.values())) required.add(c.keyHost());
        }
        if (required.size() < 2) return;
        TrustPolicyLinter.add(found, Rule.ISSUER_KEYS_MIXED, "requires keys of " + required + " in one statement.");
        TrustPolicyLinter.add(found, Rule.CONDITION_NEVER_MATCHES, "keys of " + required + " are all required, but STS "
                + "sets only those of the issuer that signed the token, so " + (s.isAllow()
                ? "this statement never matches and no token can assume the role through it." : "this Deny never applies."));
    }

    /**
     * Findings that already say the statement cannot match, or lets in far more than one project by
     * name: judging the name or the tag would add nothing a reviewer must act on first.
     */
    private static final Set<Rule> SUPERSEDING = Set.of(Rule.CONDITION_NEVER_MATCHES, Rule.SUB_WILDCARD_INSTANCE,
            Rule.SUB_WILDCARD_PROJECT, Rule.SUB_MISSING, Rule.PRINCIPAL_WILDCARD,
            Rule.PROVIDER_ARN_MALFORMED, Rule.ACTION_NOT_WEB_IDENTITY, Rule.UNKNOWN_OPERATOR);

    /**
     * Names rather than ids, and tags anyone can mint. Only for a statement that can match and whose
     * sub pins one project (wider subs get sub-wildcard-*).
     */
    static void identity(Map<Rule, Set<String>> found, TrustStatement s, List<ConditionClause> allSubs, boolean protectedByKey,
                         boolean projectIdPinned) {
        // A ForAllValues:/ForAnyValue: sub clause is judged by its own rules, not as a pin.
        List<ConditionClause> subs = allSubs.stream().filter(c -> c.parsed().qualifier().isEmpty()).toList();
        if (subs.isEmpty() || SUPERSEDING.stream().anyMatch(found::containsKey)) return;
        boolean idBySub = subs.stream().anyMatch(c -> !c.values().isEmpty()
                && c.values().stream().allMatch(v -> v.startsWith("project_id:")));
        boolean byPath = subs.stream().anyMatch(c -> c.values().stream().anyMatch(v -> v.startsWith("project_path:")));
        boolean gitlabCom = subs.stream().allMatch(c -> AwsConditionKeys.isGitLabCom(c.keyHost()));
        if (byPath && !idBySub && !projectIdPinned && gitlabCom) {
            if (pinned(s, "namespace_id")) {
                TrustPolicyLinter.add(found, Rule.NAMESPACE_WITHOUT_PROJECT, "gitlab.com:namespace_id is pinned but the project "
                        + "is trusted by its path " + paths(subs) + ".");
            } else {
                TrustPolicyLinter.add(found, Rule.NAME_BASED_TRUST, "sub trusts the project path " + paths(subs)
                        + " and neither gitlab.com:project_id, gitlab.com:namespace_id nor a project_id-first sub pins it.");
            }
        }
        if (protectedByKey) return;
        for (ConditionClause c : subs) {
            for (String v : c.values()) {
                if (admitsTag(v, c.parsed().isLike()) && !SubPattern.refIsWildcard(c.parsed().isLike() ? v : "")
                        && !SubPattern.requiresProtection(v)) {
                    TrustPolicyLinter.add(found, Rule.TAG_UNPROTECTED, "sub '" + PolicyVariables.show(v)
                            + "' admits a tag and nothing requires ref_protected.");
                }
            }
        }
    }

    private static boolean admitsTag(String value, boolean like) {
        int at = value.indexOf(":ref_type:");
        if (at < 0) return false;
        String rest = value.substring(at + ":ref_type:".length());
        int end = rest.indexOf(':');
        String type = end < 0 ? rest : rest.substring(0, end);
        return like ? Glob.matches(type, "tag") : type.equals("tag");
    }

    /** A positive, wildcard-free condition on {@code gitlab.com:<claim>}. */
    private static boolean pinned(TrustStatement s, String claim) {
        for (ConditionClause c : s.conditions()) {
            ParsedOperator op = c.parsed();
            if (!c.claim().equals(claim) || !AwsConditionKeys.isGitLabCom(c.keyHost()) || !op.known() || op.negated()
                    || op.ifExists() || !op.qualifier().isEmpty() || c.values().isEmpty()) continue;
            if (op.base().startsWith("String") && c.values().stream().noneMatch(v -> op.isLike() && Glob.hasWildcard(v))) return true;
        }
        return false;
    }

    private static String paths(List<ConditionClause> subs) {
        Set<String> out = new LinkedHashSet<>();
        for (ConditionClause c : subs) {
            for (String v : c.values()) {
                if (!v.startsWith("project_path:")) continue;
                String rest = v.substring("project_path:".length());
                out.add(rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest);
            }
        }
        return out.toString();
    }
}
