package lib.trust.lint;

import lib.trust.model.AwsConditionKeys;
import lib.trust.model.ConditionClause;
import lib.trust.model.Glob;
import lib.trust.model.ParsedOperator;
import lib.trust.model.PolicyDocument;
import lib.trust.model.PolicyVariables;
import lib.trust.model.SubPattern;
import lib.trust.model.TrustStatement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds the GitLab-federated statements of a trust policy and checks them against the {@link Rule}s. */
public final class TrustPolicyLinter {
    static final String WEB_IDENTITY = AwsConditionKeys.WEB_IDENTITY;
    private static final Set<String> NON_OIDC_NAMESPACES = Set.of("aws", "sts", "iam", "saml", "");
    private static final List<String> OTHER_IDPS = List.of("token.actions.githubusercontent.com",
            "accounts.google.com", "cognito-identity.amazonaws.com", "oidc.eks.", "oidc.circleci.com",
            "app.terraform.io", "api.bitbucket.org", "graph.facebook.com", "www.amazon.com", "sts.windows.net",
            "vstoken.actions.githubusercontent.com", "token.actions.");

    private TrustPolicyLinter() {}

    public static List<Finding> lint(PolicyDocument doc) {
        return lint(doc, Set.of());
    }

    /**
     * {@code gitlabHosts}: hosts (condition-key prefixes, e.g. {@code git.acme.io}) known to be GitLab
     * instances, from --gitlab-url / TRUST_POLICY_GITLAB_URL; a statement on one of them is judged as
     * GitLab whatever the host is called.
     */
    public static List<Finding> lint(PolicyDocument doc, Set<String> gitlabHosts) {
        List<Map.Entry<TrustStatement, ConditionClause>> denies = denyNarrowing(doc.statements());
        List<Finding> findings = new ArrayList<>();
        Map<String, Integer> seen = new java.util.HashMap<>();
        for (TrustStatement s : doc.statements()) {
            int occurrence = seen.merge(s.label(), 1, Integer::sum) - 1;
            TrustStatement effective = s;
            List<ConditionClause> narrowing = new ArrayList<>();
            if (s.isAllow()) {
                for (Map.Entry<TrustStatement, ConditionClause> d : denies) {
                    if (principalCovers(d.getKey(), s)) narrowing.add(d.getValue());
                }
            }
            if (!narrowing.isEmpty()) {
                List<ConditionClause> all = new ArrayList<>(s.conditions());
                all.addAll(narrowing);
                effective = new TrustStatement(s.label(), s.effect(), s.actions(), s.notAction(), s.anyPrincipal(),
                        s.federated(), s.otherPrincipals(), s.notPrincipal(), all, s.incomplete(), s.line());
            }
            for (Finding f : lint(doc.file(), effective, gitlabHosts)) {
                findings.add(new Finding(f.file(), f.statement(), f.line(), f.rule(), f.message(), occurrence));
            }
        }
        return findings;
    }

    /**
     * A Deny with a single negated condition on sub or aud (or denying unprotected refs) narrows
     * an Allow exactly like the positive condition would: turn it into that condition, paired with
     * its Deny. It narrows only the Allows whose principals it covers ({@link #principalCovers}): IAM
     * applies a statement only to requests whose principal it names, so a Deny on another principal
     * (an AWS account, another provider) leaves the Allow's callers untouched.
     */
    static List<Map.Entry<TrustStatement, ConditionClause>> denyNarrowing(List<TrustStatement> statements) {
        List<Map.Entry<TrustStatement, ConditionClause>> out = new ArrayList<>();
        for (TrustStatement s : statements) {
            if (s.isAllow() || !allowsWebIdentity(s) || s.notPrincipal() || s.conditions().size() != 1) continue;
            ConditionClause c = s.conditions().get(0);
            ParsedOperator op = c.parsed();
            if (!op.known() || !op.qualifier().isEmpty() || !op.base().startsWith("String")) continue;
            String claim = c.claim();
            if (op.negated() && (claim.equals("sub") || claim.equals("aud"))) {
                out.add(Map.entry(s, new ConditionClause(op.base().replace("Not", ""), c.key(), c.values())));
            } else if (claim.equals("ref_protected") && !op.ifExists()
                    && ((!op.negated() && c.values().stream().allMatch(v -> v.equalsIgnoreCase("false")))
                    || (op.negated() && op.isStringEquality() && c.values().stream().allMatch(v -> v.equalsIgnoreCase("true"))))) {
                out.add(Map.entry(s, new ConditionClause("StringEquals", c.key(), List.of("true"))));
            }
        }
        return out;
    }

    /**
     * True when every caller the Allow admits is also a principal of the Deny: the Deny's Principal
     * is "*", or it names each of the Allow's Federated providers (same ARN,
     * case-insensitive). An Allow with Principal "*" or non-Federated principals is covered only by "*".
     */
    static boolean principalCovers(TrustStatement deny, TrustStatement allow) {
        if (deny.notPrincipal()) return false;
        // Only the literal "*": AWS documents that some services treat {"AWS": "*"} differently from
        // "*", and whether it names a web identity caller is not documented, so it is not credited.
        if (deny.anyPrincipal() && !deny.otherPrincipals().contains("AWS:*")) return true;
        if (allow.anyPrincipal() || allow.notPrincipal() || allow.federated().isEmpty()
                || !allow.otherPrincipals().isEmpty()) return false;
        Set<String> denied = new java.util.HashSet<>();
        deny.federated().forEach(f -> denied.add(f.trim().toLowerCase(Locale.ROOT)));
        return allow.federated().stream().allMatch(f -> denied.contains(f.trim().toLowerCase(Locale.ROOT)));
    }

    public static boolean allowsWebIdentity(TrustStatement s) {
        return s.allowsWebIdentity();
    }

    /** True when the statement is about GitLab tokens (by provider, key host or sub shape). */
    public static boolean isGitLab(TrustStatement s) {
        return isGitLab(s, Set.of());
    }

    /** As {@link #isGitLab(TrustStatement)}, also true when the provider or a key is on one of {@code gitlabHosts}. */
    public static boolean isGitLab(TrustStatement s, Set<String> gitlabHosts) {
        for (String f : s.federated()) {
            if (f.toLowerCase(Locale.ROOT).contains("gitlab")) return true;
            Optional<String> host = AwsConditionKeys.providerHost(f);
            if (host.isPresent() && gitlabHosts.contains(host.get().toLowerCase(Locale.ROOT))) return true;
        }
        for (ConditionClause c : s.conditions()) {
            if (c.keyHost().contains("gitlab") || gitlabHosts.contains(c.keyHost())) return true;
            if (c.claim().equals("sub") && c.values().stream().anyMatch(v -> v.startsWith("project_path:")
                    || v.startsWith("project_id:"))) return true;
        }
        boolean otherIdp = s.federated().stream().anyMatch(f -> OTHER_IDPS.stream()
                .anyMatch(o -> f.toLowerCase(Locale.ROOT).contains(o)));
        if (otherIdp) return false;
        for (ConditionClause c : s.conditions()) {
            if (!NON_OIDC_NAMESPACES.contains(c.keyHost()) && (AwsConditionKeys.GITLAB_COM_ONLY.contains(c.claim())
                    || AwsConditionKeys.GITLAB_ONLY_CLAIMS.contains(c.claim()))) return true;
        }
        return false;
    }

    static List<Finding> lint(String file, TrustStatement raw) {
        return lint(file, raw, Set.of());
    }

    static List<Finding> lint(String file, TrustStatement raw, Set<String> gitlabHosts) {
        Map<Rule, Set<String>> found = new LinkedHashMap<>();
        TrustStatement s = JudgmentChecks.lintForm(raw);
        boolean webIdentity = allowsWebIdentity(s);
        if (s.isAllow() && s.anyPrincipal() && !s.notPrincipal()) {
            add(found, Rule.PRINCIPAL_WILDCARD, "Principal \"*\" with " + String.join(",", s.actions())
                    + (webIdentity ? "." : ": every AWS principal of every account may call it."));
        }
        unresolved(found, s, webIdentity);
        if (!isGitLab(s, gitlabHosts)) {
            otherProvider(found, s, webIdentity);
            return toFindings(file, s, found);
        }

        Set<String> hosts = new LinkedHashSet<>();
        boolean providerUnknown = false;
        if (!s.anyPrincipal()) {
            if (s.federated().isEmpty() && s.isAllow() && webIdentity && !s.incomplete()) {
                add(found, Rule.PROVIDER_ARN_MALFORMED, "No Federated principal"
                        + (s.otherPrincipals().isEmpty() ? "." : " (found " + s.otherPrincipals() + ")."));
            }
            for (String f : s.federated()) {
                Optional<String> host = AwsConditionKeys.providerHost(f);
                if (host.isPresent() && host.get().contains("${")) {
                    providerUnknown = true;
                } else if (host.isPresent() && wellFormedHost(host.get())) {
                    hosts.add(host.get());
                } else if (AwsConditionKeys.isReference(f) && !f.startsWith("arn:")) {
                    providerUnknown = true;
                } else {
                    add(found, Rule.PROVIDER_ARN_MALFORMED, "Federated '" + f + "' is not an oidc-provider ARN.");
                    providerUnknown = true;
                }
            }
            if (!s.federated().isEmpty() && s.isAllow() && !webIdentity && !s.actions().isEmpty()) {
                add(found, Rule.ACTION_NOT_WEB_IDENTITY, "Action " + s.actions() + " does not include "
                        + WEB_IDENTITY + ".");
            }
        }
        if (hosts.isEmpty()) providerUnknown = true;

        List<ConditionClause> subClauses = new ArrayList<>();
        List<ConditionClause> audClauses = new ArrayList<>();
        boolean protectedByKey = false;
        String projectIdPinnedHost = null;
        boolean malformed = false;
        boolean opaque = false;
        for (ConditionClause c : s.conditions()) {
            ParsedOperator op = c.parsed();
            if (c.operator().contains("${") || c.claim().contains("}")) {
                opaque = true;
                continue;
            }
            if (!op.known()) {
                add(found, Rule.UNKNOWN_OPERATOR, "'" + c.operator() + "' on " + c.key() + ".");
                malformed = true;
                continue;
            }
            String keyHost = c.keyHost();
            if (op.isStringEquality() && c.values().stream().anyMatch(v -> v.contains("*"))) {
                add(found, Rule.WILDCARD_IN_STRING_EQUALS, c.operator() + " " + c.key() + " " + c.values()
                        + (s.isAllow() ? " never matches." : " never matches, so this Deny never applies."));
                if (!op.negated() && c.values().stream().allMatch(v -> v.contains("*"))) {
                    add(found, Rule.CONDITION_NEVER_MATCHES, ConditionChecks.deadClause(s, c,
                            "every value holds a literal '*' that no GitLab claim contains"));
                }
            }
            if (NON_OIDC_NAMESPACES.contains(keyHost)) {
                if (keyHost.isEmpty()) add(found, Rule.UNSUPPORTED_CLAIM_KEY, "'" + c.key() + "' has no provider prefix.");
                continue;
            }
            boolean hostKnown = !providerUnknown && !keyHost.contains("${");
            boolean foreign = hostKnown && !hosts.contains(keyHost);
            boolean requiresKey = ConditionChecks.requiresKey(op, c.values());
            if (foreign) {
                // The cause (the key's host) and, when the operator needs the key, the consequence.
                add(found, Rule.FOREIGN_HOST_KEY, "'" + c.key() + "' but the provider is " + hosts + ".");
                if (requiresKey) {
                    add(found, Rule.CONDITION_NEVER_MATCHES, ConditionChecks.neverMatches(s, c, "its host is not the provider's "
                            + hosts + ", so STS never sets it"));
                }
                hostKnown = false;
            }
            String claim = c.claim();
            if (!op.qualifier().isEmpty() && AwsConditionKeys.singleValued(claim)) {
                if (op.forAllValues() && s.isAllow()) {
                    add(found, Rule.FORALLVALUES_SINGLE_VALUED, c.operator() + " on " + c.key() + ".");
                } else {
                    add(found, Rule.SET_OPERATOR_SINGLE_VALUED, c.operator() + " on single-valued " + c.key() + ".");
                }
            } else if (op.forAllValues() && s.isAllow()) {
                add(found, Rule.FORALLVALUES_SINGLE_VALUED, c.operator() + " on " + c.key() + ".");
            }
            String effectiveHost = hostKnown ? keyHost : (keyHost.contains("${") || foreign ? null : keyHost);
            if (effectiveHost != null && !AwsConditionKeys.awsExposes(effectiveHost, claim)) {
                boolean selfManagedOnly = !AwsConditionKeys.isGitLabCom(effectiveHost)
                        && AwsConditionKeys.GITLAB_COM_ONLY.contains(claim);
                String effect = requiresKey ? " never matches." : " checks nothing.";
                if (selfManagedOnly) {
                    add(found, Rule.GITLAB_COM_ONLY_KEY, "'" + c.key() + "' on self-managed " + effectiveHost
                            + ": the key is absent, so " + c.operator() + effect);
                } else {
                    add(found, Rule.UNSUPPORTED_CLAIM_KEY, "'" + c.key() + "' is not set by AWS, so " + c.operator() + effect);
                }
                if (requiresKey) {
                    add(found, Rule.CONDITION_NEVER_MATCHES, ConditionChecks.neverMatches(s, c, selfManagedOnly
                            ? "AWS exposes it for gitlab.com only, not for self-managed " + effectiveHost
                            : "AWS does not expose the " + claim + " claim as a condition key"));
                }
                continue;
            }
            boolean positive = !op.negated() && (op.base().startsWith("String") || op.base().startsWith("Arn")
                    || op.base().equals("Bool") || op.base().equals("NumericEquals"));
            if (!positive) {
                if (claim.equals("ref_protected") && op.negated() && op.base().startsWith("StringNotEquals")
                        && !op.ifExists() && c.values().stream().allMatch(v -> v.equalsIgnoreCase("false"))) {
                    protectedByKey = true;
                }
                continue;
            }
            switch (claim) {
                case "sub" -> subClauses.add(c);
                case "aud" -> audClauses.add(c);
                case "ref_protected" -> {
                    if (!foreign && !c.values().isEmpty() && c.values().stream().allMatch(v -> v.equalsIgnoreCase("true"))) {
                        protectedByKey = true;
                    }
                }
                case "project_id" -> {
                    if (!foreign && (!op.isLike() || c.values().stream().noneMatch(Glob::hasWildcard))) {
                        projectIdPinnedHost = effectiveHost == null ? "?" : effectiveHost;
                    }
                }
                default -> { }
            }
        }
        ConditionChecks.contradictions(s).forEach(m -> add(found, Rule.CONDITION_NEVER_MATCHES, m));
        JudgmentChecks.variables(found, s, hosts, providerUnknown);
        JudgmentChecks.mixedIssuers(found, s, hosts);
        if (s.isAllow() && !s.incomplete() && !malformed) {
            checkSubAndAud(found, s, subClauses, audClauses, protectedByKey, projectIdPinnedHost != null, opaque);
            JudgmentChecks.identity(found, s, subClauses, protectedByKey, projectIdPinnedHost != null);
            JudgmentChecks.selfReferenceNotes(found, raw);
        }
        return toFindings(file, s, found);
    }

    /**
     * An Allow to a web identity provider lint does not judge as GitLab (Google, Cognito, GitHub,
     * an unknown host) with no condition on the provider's own keys: every token the provider
     * issues, to anyone, can assume the role.
     */
    private static void otherProvider(Map<Rule, Set<String>> found, TrustStatement s, boolean webIdentity) {
        if (!s.isAllow() || !webIdentity || s.notPrincipal() || s.incomplete() || s.federated().isEmpty()) return;
        boolean providerKey = s.conditions().stream().anyMatch(c -> !NON_OIDC_NAMESPACES.contains(c.keyHost()));
        if (!providerKey) {
            add(found, Rule.FEDERATED_UNCONDITIONED, "Federated " + s.federated() + " with no condition on the provider's keys.");
            return;
        }
        for (String f : s.federated()) {
            Optional<String> host = AwsConditionKeys.providerHost(f);
            if (host.isEmpty() || host.get().contains("${") || otherIdp(f)) continue;
            String h = host.get().toLowerCase(Locale.ROOT);
            if (!subNarrowed(s, h)) {
                add(found, Rule.PROVIDER_SUB_OPEN, "oidc-provider/" + h + " is not known as GitLab (set --gitlab-url or "
                        + "TRUST_POLICY_GITLAB_URL if it is) and no condition narrows " + h + ":sub.");
            }
        }
    }

    /**
     * Fails closed on values lint cannot see: an Allow whose sub or aud condition under a
     * pattern operator (StringLike, ForAnyValue:StringLike, ...) holds an unresolved reference, e.g.
     * Terraform's var.sub, local.sub, data.x.y, a templatefile(...) policy, a CloudFormation parameter.
     * Under a pattern operator the hidden value may be '*' and open the role; under StringEquals a
     * '*' is literal, so an unresolved value there can only name some project, not widen the match.
     */
    private static void unresolved(Map<Rule, Set<String>> found, TrustStatement s, boolean webIdentity) {
        if (!s.isAllow() || !webIdentity) return;
        for (ConditionClause c : s.conditions()) {
            String claim = c.claim();
            ParsedOperator op = c.parsed();
            if ((!claim.equals("sub") && !claim.equals("aud")) || !op.known() || op.negated() || !op.isLike()) continue;
            List<String> hidden = c.values().stream().filter(PolicyVariables::hasPlaceholder).toList();
            if (!hidden.isEmpty()) {
                add(found, Rule.VALUE_UNRESOLVED, c.operator() + " " + c.key() + " " + hidden.stream().map(PolicyVariables::show).toList()
                        + ": unresolved value, the linter cannot see what it allows.");
            }
        }
    }

    private static boolean otherIdp(String federated) {
        String f = federated.toLowerCase(Locale.ROOT);
        return OTHER_IDPS.stream().anyMatch(f::contains);
    }

    /** True when a positive string condition on HOST:sub has a value that is not only wildcards. */
    private static boolean subNarrowed(TrustStatement s, String host) {
        for (ConditionClause c : s.conditions()) {
            ParsedOperator op = c.parsed();
            if (!c.keyHost().equals(host) || !c.claim().equals("sub") || !op.known() || op.negated() || op.ifExists()
                    || !op.qualifier().isEmpty() || !op.base().startsWith("String") || c.values().isEmpty()) continue;
            boolean open = c.values().stream().anyMatch(v -> v.isEmpty() || (op.isLike() && v.matches("[*?]+")));
            if (!open) return true;
        }
        return false;
    }

    private static void checkSubAndAud(Map<Rule, Set<String>> found, TrustStatement s, List<ConditionClause> subs,
                                       List<ConditionClause> auds, boolean protectedByKey, boolean projectIdPinned,
                                       boolean opaque) {
        // A condition whose operator or key needs evaluation may be the missing sub or aud check.
        if (subs.isEmpty() && !projectIdPinned && !opaque) {
            add(found, Rule.SUB_MISSING, "Allow statement without a sub condition.");
        }
        SubPattern.Scope best = projectIdPinned ? SubPattern.Scope.EXACT : null;
        boolean refPinned = false;
        String loosest = null;
        String caseInsensitive = null;
        for (ConditionClause c : subs) {
            boolean like = c.parsed().isLike();
            SubPattern.Scope worst = SubPattern.Scope.EXACT;
            boolean clauseRefPinned = !c.values().isEmpty();
            boolean clauseProtected = !c.values().isEmpty();
            int unmatchable = 0;
            int offGrammar = 0;
            for (String v : c.values()) {
                if (!like && v.contains("*")) { unmatchable++; continue; }
                SubPattern.Scope scope = SubPattern.projectScope(v, like);
                String grammar = like && Glob.hasWildcard(v) ? null : SubPattern.grammarProblem(v);
                if (scope == SubPattern.Scope.UNMATCHABLE || SubPattern.impossibleRefType(v, like) || grammar != null) {
                    unmatchable++;
                    offGrammar++;
                    add(found, Rule.SUB_UNMATCHABLE, "'" + PolicyVariables.show(v) + "' never matches a GitLab sub"
                            + (grammar == null ? "." : " (" + grammar + ")."));
                    continue;
                }
                if (rank(scope) > rank(worst)) worst = scope;
                if (like && SubPattern.refIsWildcard(v)) {
                    clauseRefPinned = false;
                    loosest = v;
                } else if (c.parsed().base().endsWith("IgnoreCase")) {
                    // Git ref names are case-sensitive: MAIN and Main are other, unprotected branches.
                    clauseRefPinned = false;
                    loosest = v;
                    caseInsensitive = c.operator();
                }
                if (!SubPattern.requiresProtection(v)) clauseProtected = false;
            }
            if (unmatchable == c.values().size()) {
                if (offGrammar > 0) {
                    add(found, Rule.CONDITION_NEVER_MATCHES, ConditionChecks.deadClause(s, c,
                            "no value can match a sub GitLab sends"));
                }
                clauseRefPinned = true;
                worst = SubPattern.Scope.EXACT;
            }
            if (best == null || rank(worst) < rank(best)) best = worst;
            if (clauseRefPinned || clauseProtected) refPinned = true;
        }
        if (best == SubPattern.Scope.INSTANCE) {
            add(found, Rule.SUB_WILDCARD_INSTANCE, "sub " + values(subs) + " matches any project.");
        } else if (best == SubPattern.Scope.PROJECTS) {
            add(found, Rule.SUB_WILDCARD_PROJECT, "sub " + values(subs) + " matches other projects too.");
        }
        boolean anyRef = subs.isEmpty() ? projectIdPinned && !opaque : !refPinned;
        // Reported also when the sub spans projects: each of them lets any of its refs in.
        if (anyRef && !protectedByKey && best != null) {
            add(found, Rule.REF_WILDCARD_UNPROTECTED, subs.isEmpty() ? "Any ref of the project, no ref_protected condition."
                    : caseInsensitive != null && !Glob.hasWildcard(loosest)
                    ? "sub '" + loosest + "' under " + caseInsensitive + " admits the ref in any capitalisation (MAIN, Main: "
                            + "other branches anyone with Developer access can push) and no condition requires ref_protected."
                    : "sub '" + loosest + "' admits any matching ref and no condition requires ref_protected.");
        }
        if (auds.isEmpty() && !opaque) {
            add(found, Rule.AUD_MISSING, "No aud condition.");
        } else if (!auds.isEmpty() && auds.stream().allMatch(c -> c.parsed().isLike() && c.values().stream().anyMatch(Glob::hasWildcard))) {
            add(found, Rule.AUD_WILDCARD, "aud " + values(auds) + ".");
        }
    }

    private static int rank(SubPattern.Scope scope) {
        return switch (scope) {
            case EXACT, UNKNOWN -> 0;
            case PROJECTS -> 1;
            case INSTANCE -> 2;
            case UNMATCHABLE -> 0;
        };
    }

    private static String values(List<ConditionClause> clauses) {
        List<String> all = new ArrayList<>();
        clauses.forEach(c -> c.values().forEach(v -> all.add(PolicyVariables.show(v))));
        return all.toString();
    }

    private static boolean wellFormedHost(String host) {
        return !host.contains("://") && !host.endsWith("/") && !host.isBlank() && !host.contains(" ")
                && host.matches("[a-z0-9.\\-:]+(/[^/\\s]+)*");
    }

    static void add(Map<Rule, Set<String>> found, Rule rule, String message) {
        found.computeIfAbsent(rule, r -> new LinkedHashSet<>()).add(message);
    }

    private static List<Finding> toFindings(String file, TrustStatement s, Map<Rule, Set<String>> found) {
        List<Finding> out = new ArrayList<>();
        found.forEach((rule, messages) -> out.add(new Finding(file, s.label(), s.line(), rule,
                String.join(" ", messages))));
        return out;
    }
}
