package lib.trust.read;

import lib.trust.model.PolicyDocument;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the trust policies in a file: a raw policy document, `aws iam get-role` / `list-roles`
 * output, a CloudFormation template (JSON or YAML, short-form tags tolerated), Terraform plan or
 * state JSON (`terraform show -json`), or Terraform HCL (jsonencode / heredoc assume_role_policy
 * and data "aws_iam_policy_document" blocks).
 */
public final class PolicySources {
    private static final ObjectMapper JSON = Json.MAPPER;
    /** Larger files are refused, not read in part: no real policy source comes near it. */
    public static final long MAX_BYTES = 50L * 1024 * 1024;

    private PolicySources() {}

    public static List<PolicyDocument> read(Path file) {
        return read(file, file.toString());
    }

    /** Reads the file; findings and messages name it {@code shownAs} (a repository-relative path). */
    public static List<PolicyDocument> read(Path file, String shownAs) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new PolicyReadException(shownAs + ": larger than " + MAX_BYTES / (1024 * 1024)
                        + " MB, not read. Fix: lint the policy sources, not generated bundles.");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new PolicyReadException(shownAs + ": cannot read (" + e.getClass().getSimpleName() + ")");
        }
        return read(shownAs, text);
    }

    public static List<PolicyDocument> read(String name, String text) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".tf") || lower.endsWith(".hcl")) return HclPolicies.read(name, text);
        JsonNode root = null;
        Exception jsonError = null;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            jsonError = e;
        }
        if (root == null || root.isMissingNode()) {
            try {
                root = YamlTree.read(text);
            } catch (IOException | RuntimeException e) {
                root = null;
            }
        }
        if (root == null || !root.isContainerNode()) {
            if (HclPolicies.looksLikeHcl(text)) return HclPolicies.read(name, text);
            throw new PolicyReadException(name + ": not JSON, YAML or Terraform HCL"
                    + (jsonError instanceof JsonProcessingException j ? " (JSON: " + Excerpt.of(j) + ")" : ""));
        }
        return fromTree(name, root, new LineLocator(text));
    }

    static List<PolicyDocument> fromTree(String name, JsonNode root, LineLocator lines) {
        List<PolicyDocument> out = new ArrayList<>();
        if (StatementReader.looksLikePolicy(root)) {
            out.add(doc(name, "", root, lines));
        } else if (root.has("Role") && root.get("Role").has("AssumeRolePolicyDocument")) {
            JsonNode role = root.get("Role");
            out.add(doc(name, text(role.get("RoleName"), ""), policyValue(name, role.get("AssumeRolePolicyDocument")), lines));
        } else if (root.has("Roles") && root.get("Roles").isArray()) {
            for (JsonNode role : root.get("Roles")) {
                if (role.has("AssumeRolePolicyDocument")) {
                    out.add(doc(name, text(role.get("RoleName"), "role"),
                            policyValue(name, role.get("AssumeRolePolicyDocument")), lines));
                }
            }
        } else if (root.has("Resources") && root.get("Resources").isObject()) {
            LineLocator cursor = lines;
            for (Map.Entry<String, JsonNode> e : root.get("Resources").properties()) {
                cursor = cursor.after(e.getKey());
                JsonNode props = e.getValue().path("Properties");
                JsonNode policy = props.get("AssumeRolePolicyDocument");
                if (policy != null) {
                    JsonNode resolved = Intrinsics.resolve(policy);
                    if (resolved.isTextual()) resolved = policyValue(name, resolved);
                    if (StatementReader.looksLikePolicy(resolved)) {
                        out.add(doc(name, e.getKey(), resolved, cursor));
                    }
                }
            }
        } else if (root.has("format_version") || root.has("planned_values") || root.has("resource_changes")
                || root.has("values")) {
            Set<String> seen = new LinkedHashSet<>();
            walkTerraform(name, root, out, seen, lines);
        } else {
            walkGeneric(name, root, "", out, lines);
        }
        return out;
    }

    private static void walkTerraform(String name, JsonNode node, List<PolicyDocument> out, Set<String> seen,
                                      LineLocator lines) {
        if (node.isObject()) {
            String type = text(node.get("type"), "");
            String address = text(node.get("address"), type);
            JsonNode values = node.has("values") ? node.get("values") : node.path("change").path("after");
            JsonNode policy = null;
            if (type.equals("aws_iam_role")) policy = values.get("assume_role_policy");
            if (type.equals("aws_iam_policy_document")) policy = values.get("json");
            if (policy != null && policy.isTextual() && !policy.asText().isBlank()) {
                JsonNode parsed = policyValue(name + " " + address, policy);
                if (StatementReader.looksLikePolicy(parsed) && seen.add(parsed.toString())) {
                    out.add(doc(name, address, parsed, LineLocator.none()));
                }
            }
            node.properties().forEach(e -> walkTerraform(name, e.getValue(), out, seen, lines));
        } else if (node.isArray()) {
            node.forEach(n -> walkTerraform(name, n, out, seen, lines));
        }
    }

    private static void walkGeneric(String name, JsonNode node, String path, List<PolicyDocument> out,
                                    LineLocator lines) {
        if (StatementReader.looksLikePolicy(node)) {
            out.add(doc(name, path, Intrinsics.resolve(node), lines));
            return;
        }
        if (node.isObject()) {
            node.properties().forEach(e -> {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                JsonNode v = e.getValue();
                if (v.isTextual() && (e.getKey().equalsIgnoreCase("AssumeRolePolicyDocument")
                        || e.getKey().equalsIgnoreCase("assume_role_policy")) && v.asText().trim().startsWith("{")) {
                    JsonNode parsed = policyValue(name, v);
                    if (StatementReader.looksLikePolicy(parsed)) out.add(doc(name, child, parsed, lines));
                } else {
                    walkGeneric(name, v, child, out, lines);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) walkGeneric(name, node.get(i), path + "[" + i + "]", out, lines);
        }
    }

    /** A policy given inline as an object, or as (possibly URL-encoded) JSON text. */
    static JsonNode policyValue(String where, JsonNode value) {
        if (value == null || !value.isTextual()) return value;
        String text = value.asText().trim();
        if (text.startsWith("%7B") || text.startsWith("%7b")) text = URLDecoder.decode(text, StandardCharsets.UTF_8);
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new PolicyReadException(where + ": the trust policy is not valid JSON ("
                    + (e instanceof JsonProcessingException j ? Excerpt.of(j) : "unreadable") + ")");
        }
    }

    static PolicyDocument doc(String file, String label, JsonNode policy, LineLocator lines) {
        return new PolicyDocument(file, label, policy, StatementReader.read(label, policy, lines));
    }

    private static String text(JsonNode node, String fallback) {
        return node == null || node.isNull() ? fallback : node.asText();
    }
}
