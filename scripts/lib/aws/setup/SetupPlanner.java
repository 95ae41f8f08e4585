package lib.aws.setup;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lib.aws.AwsCall;
import lib.aws.IamReads;
import lib.aws.LineDiff;
import lib.aws.OidcProvider;
import lib.aws.PolicyJson;
import lib.aws.RoleState;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * Compares the account with a {@link SetupRequest} (reads only) and plans the smallest set of
 * writes. Things the request does not mention (other client ids, tags, attached policies) are
 * left as they are: this tool adds and aligns, it never removes.
 */
public final class SetupPlanner {
    private final IamClient iam;
    private final IamReads reads;

    public SetupPlanner(IamClient iam) {
        this.iam = iam;
        this.reads = new IamReads(iam);
    }

    public SetupPlan plan(SetupRequest want) {
        List<PlanStep> steps = new ArrayList<>(providerSteps(want));
        Optional<RoleState> role = reads.role(want.roleName());
        if (role.isEmpty()) steps.addAll(newRoleSteps(want)); else steps.addAll(roleSteps(want, role.get()));
        return new SetupPlan(steps);
    }

    private List<PlanStep> providerSteps(SetupRequest want) {
        Optional<OidcProvider> found = reads.provider(want.providerArn());
        if (found.isEmpty()) {
            String thumbs = want.thumbprints().isEmpty() ? "no thumbprint (IAM trusts the issuer's public CA)"
                    : "thumbprints " + want.thumbprints();
            return List.of(new PlanStep(PlanStep.Kind.CREATE, "OIDC provider " + want.issuerUrl() + " with client id "
                    + want.audience() + ", " + thumbs, List.of(), () -> AwsCall.run("iam:CreateOpenIDConnectProvider",
                    () -> iam.createOpenIDConnectProvider(r -> {
                        r.url(want.issuerUrl()).clientIDList(want.audience());
                        if (!want.thumbprints().isEmpty()) r.thumbprintList(want.thumbprints());
                    }))));
        }
        OidcProvider provider = found.get();
        List<PlanStep> steps = new ArrayList<>();
        if (provider.clientIds().contains(want.audience())) {
            steps.add(PlanStep.keep("OIDC provider " + provider.arn() + " lists client id " + want.audience()));
        } else {
            steps.add(new PlanStep(PlanStep.Kind.CHANGE, "OIDC provider " + provider.arn() + ": add client id "
                    + want.audience() + " (it lists " + provider.clientIds() + ")", List.of(),
                    () -> AwsCall.run("iam:AddClientIDToOpenIDConnectProvider", () -> iam.addClientIDToOpenIDConnectProvider(
                            r -> r.openIDConnectProviderArn(provider.arn()).clientID(want.audience())))));
        }
        List<String> have = lower(provider.thumbprints());
        List<String> missing = want.thumbprints().stream().filter(t -> !have.contains(t.toLowerCase(java.util.Locale.ROOT))).toList();
        if (!missing.isEmpty()) {
            List<String> all = new ArrayList<>(provider.thumbprints());
            all.addAll(missing);
            steps.add(new PlanStep(PlanStep.Kind.CHANGE, "OIDC provider " + provider.arn() + ": add thumbprints " + missing,
                    List.of(), () -> AwsCall.run("iam:UpdateOpenIDConnectProviderThumbprint", () -> iam.updateOpenIDConnectProviderThumbprint(
                            r -> r.openIDConnectProviderArn(provider.arn()).thumbprintList(all)))));
        }
        return steps;
    }

    private List<PlanStep> newRoleSteps(SetupRequest want) {
        List<PlanStep> steps = new ArrayList<>();
        List<String> details = new ArrayList<>();
        details.add("trust policy:");
        PolicyJson.lines(want.trustPolicy()).forEach(l -> details.add("  " + l));
        steps.add(new PlanStep(PlanStep.Kind.CREATE, "role " + want.roleName() + " (max session "
                + want.maxSessionDuration() + " s" + (want.tags().isEmpty() ? "" : ", tags " + tagText(want.tags())) + ")",
                details, () -> AwsCall.run("iam:CreateRole", () -> iam.createRole(r -> r.roleName(want.roleName())
                        .assumeRolePolicyDocument(PolicyJson.compact(want.trustPolicy()))
                        .description(want.description())
                        .maxSessionDuration(want.maxSessionDuration())
                        .tags(tags(want.tags()))))));
        want.policyArns().forEach(arn -> steps.add(attach(want, arn, PlanStep.Kind.CREATE)));
        if (want.inlinePolicy() != null) steps.add(putInline(want, PlanStep.Kind.CREATE, inlineDetails(want, null)));
        return steps;
    }

    private List<PlanStep> roleSteps(SetupRequest want, RoleState have) {
        List<PlanStep> steps = new ArrayList<>();
        String role = "role " + want.roleName();
        if (PolicyJson.sameDocument(have.trustPolicy(), want.trustPolicy())) {
            steps.add(PlanStep.keep(role + ": trust policy matches"));
        } else {
            List<String> diff = new ArrayList<>(List.of("--- trust policy in the account", "+++ trust policy asked for"));
            diff.addAll(LineDiff.diff(PolicyJson.lines(have.trustPolicy()), PolicyJson.lines(want.trustPolicy())));
            if (want.updateTrust()) {
                steps.add(new PlanStep(PlanStep.Kind.CHANGE, role + ": replace the trust policy", diff,
                        () -> AwsCall.run("iam:UpdateAssumeRolePolicy", () -> iam.updateAssumeRolePolicy(
                                r -> r.roleName(want.roleName()).policyDocument(PolicyJson.compact(want.trustPolicy()))))));
            } else {
                steps.add(new PlanStep(PlanStep.Kind.BLOCKED, role + ": the trust policy differs from the one asked for "
                        + "and is left as is without --update-trust", diff, null));
            }
        }
        if (have.maxSessionDuration() == want.maxSessionDuration()) {
            steps.add(PlanStep.keep(role + ": max session " + want.maxSessionDuration() + " s"));
        } else {
            steps.add(new PlanStep(PlanStep.Kind.CHANGE, role + ": max session " + have.maxSessionDuration() + " s -> "
                    + want.maxSessionDuration() + " s", List.of(), () -> AwsCall.run("iam:UpdateRole",
                    () -> iam.updateRole(r -> r.roleName(want.roleName()).maxSessionDuration(want.maxSessionDuration())))));
        }
        Map<String, String> missing = new LinkedHashMap<>();
        want.tags().forEach((k, v) -> {
            if (!v.equals(have.tags().get(k))) missing.put(k, v);
        });
        if (!missing.isEmpty()) {
            List<String> details = new ArrayList<>();
            missing.forEach((k, v) -> details.add(k + ": " + (have.tags().containsKey(k) ? have.tags().get(k) : "(none)") + " -> " + v));
            steps.add(new PlanStep(PlanStep.Kind.CHANGE, role + ": tags " + tagText(missing), details,
                    () -> AwsCall.run("iam:TagRole", () -> iam.tagRole(r -> r.roleName(want.roleName()).tags(tags(missing))))));
        } else if (!want.tags().isEmpty()) {
            steps.add(PlanStep.keep(role + ": tags " + tagText(want.tags())));
        }
        for (String arn : want.policyArns()) {
            steps.add(have.attachedPolicies().contains(arn) ? PlanStep.keep(role + ": managed policy " + arn + " attached")
                    : attach(want, arn, PlanStep.Kind.CHANGE));
        }
        List<String> others = have.attachedPolicies().stream().filter(a -> !want.policyArns().contains(a)).toList();
        if (!others.isEmpty()) steps.add(PlanStep.keep(role + ": also attached, not managed here: " + others));
        if (want.inlinePolicy() != null) {
            Optional<JsonNode> current = reads.inlinePolicy(want.roleName(), want.inlinePolicyName());
            if (current.isPresent() && PolicyJson.sameDocument(current.get(), want.inlinePolicy())) {
                steps.add(PlanStep.keep(role + ": inline policy " + want.inlinePolicyName() + " matches"));
            } else {
                steps.add(putInline(want, PlanStep.Kind.CHANGE, inlineDetails(want, current.orElse(null))));
            }
        }
        return steps;
    }

    private PlanStep attach(SetupRequest want, String arn, PlanStep.Kind kind) {
        return new PlanStep(kind, "role " + want.roleName() + ": attach managed policy " + arn, List.of(),
                () -> AwsCall.run("iam:AttachRolePolicy", () -> iam.attachRolePolicy(r -> r.roleName(want.roleName()).policyArn(arn))));
    }

    private PlanStep putInline(SetupRequest want, PlanStep.Kind kind, List<String> details) {
        return new PlanStep(kind, "role " + want.roleName() + ": inline policy " + want.inlinePolicyName(), details,
                () -> AwsCall.run("iam:PutRolePolicy", () -> iam.putRolePolicy(r -> r.roleName(want.roleName())
                        .policyName(want.inlinePolicyName()).policyDocument(PolicyJson.compact(want.inlinePolicy())))));
    }

    private static List<String> inlineDetails(SetupRequest want, JsonNode current) {
        if (current == null) return List.of();
        List<String> diff = new ArrayList<>(List.of("--- inline policy in the account", "+++ inline policy asked for"));
        diff.addAll(LineDiff.diff(PolicyJson.lines(current), PolicyJson.lines(want.inlinePolicy())));
        return diff;
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static String tagText(Map<String, String> tags) {
        List<String> parts = new ArrayList<>();
        new java.util.TreeMap<>(tags).forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }

    private static List<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(java.util.Locale.ROOT)).toList();
    }
}
