package lib.trust.generate;

import lib.cli.UsageException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a generated trust policy as IAM JSON, a CloudFormation template or Terraform HCL. */
public enum PolicyRenderer {
    JSON, CLOUDFORMATION, TERRAFORM;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    public static PolicyRenderer parse(String format) {
        try {
            return valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format (TRUST_POLICY_FORMAT): '" + format
                    + "' is not a format. Fix: use json, cloudformation or terraform.");
        }
    }

    public String render(ObjectNode policy) {
        try {
            return switch (this) {
                case JSON -> MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(policy) + "\n";
                case CLOUDFORMATION -> cloudFormation(policy);
                case TERRAFORM -> terraform(policy);
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String cloudFormation(ObjectNode policy) throws JsonProcessingException {
        ObjectNode template = MAPPER.createObjectNode();
        template.put("AWSTemplateFormatVersion", "2010-09-09");
        template.put("Description", "IAM role assumable by GitLab CI/CD jobs through OIDC");
        ObjectNode role = template.putObject("Resources").putObject("GitLabRole");
        role.put("Type", "AWS::IAM::Role");
        role.putObject("Properties").set("AssumeRolePolicyDocument", policy);
        return YAML.writeValueAsString(template);
    }

    private static String terraform(ObjectNode policy) {
        StringBuilder out = new StringBuilder("data \"aws_iam_policy_document\" \"gitlab_trust\" {\n");
        for (JsonNode s : policy.get("Statement")) {
            out.append("  statement {\n");
            if (s.has("Sid")) out.append("    sid     = ").append(quote(s.get("Sid").asText())).append('\n');
            out.append("    effect  = ").append(quote(s.get("Effect").asText())).append('\n');
            out.append("    actions = ").append(list(s.get("Action"))).append("\n\n");
            for (Map.Entry<String, JsonNode> p : s.get("Principal").properties()) {
                out.append("    principals {\n      type        = ").append(quote(p.getKey()))
                        .append("\n      identifiers = ").append(list(p.getValue())).append("\n    }\n");
            }
            for (Map.Entry<String, JsonNode> op : s.get("Condition").properties()) {
                for (Map.Entry<String, JsonNode> kv : op.getValue().properties()) {
                    out.append("\n    condition {\n      test     = ").append(quote(op.getKey()))
                            .append("\n      variable = ").append(quote(kv.getKey()))
                            .append("\n      values   = ").append(list(kv.getValue())).append("\n    }\n");
                }
            }
            out.append("  }\n");
        }
        return out.append("}\n").toString();
    }

    private static String list(JsonNode node) {
        List<String> items = new ArrayList<>();
        if (node.isArray()) node.forEach(n -> items.add(quote(n.asText()))); else items.add(quote(node.asText()));
        return "[" + String.join(", ", items) + "]";
    }

    /** An HCL string literal: escapes quotes and backslashes, and keeps ${ and %{ literal. */
    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "$${").replace("%{", "%%{") + "\"";
    }
}
