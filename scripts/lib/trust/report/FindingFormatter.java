package lib.trust.report;

import lib.trust.lint.Finding;
import lib.trust.lint.Rule;
import lib.trust.lint.Severity;
import lib.cli.UsageException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Renders lint findings as text, JSON, a GitLab code-quality report or SARIF 2.1.0. */
public enum FindingFormatter {
    TEXT, JSON, CODEQUALITY, SARIF;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern URL = Pattern.compile("https://\\S+");

    public static FindingFormatter parse(String format) {
        try {
            return valueOf(format.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format (TRUST_POLICY_LINT_FORMAT): '" + format
                    + "' is not a format. Fix: use text, json, codequality or sarif.");
        }
    }

    public String render(List<Finding> findings) {
        return render(findings, List.of());
    }

    /**
     * The findings, and in a code-quality report one blocker entry per file that could not be read
     * fully (lint fails closed: the merge request shows the file and why). Text is escaped
     * ({@link LogText}) so nothing copied from a policy forges lines in a job log.
     */
    public String render(List<Finding> findings, List<Unreadable> unreadable) {
        try {
            return switch (this) {
                case TEXT -> text(findings);
                case JSON -> pretty(json(findings));
                case CODEQUALITY -> pretty(codeQuality(findings, unreadable));
                case SARIF -> pretty(sarif(findings));
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(List<Finding> findings) {
        StringBuilder out = new StringBuilder();
        findings.forEach(f -> out.append(LogText.escape(f.text())).append('\n'));
        return out.toString();
    }

    private static ObjectNode json(List<Finding> findings) {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode list = root.putArray("findings");
        for (Finding f : findings) {
            ObjectNode o = list.addObject();
            o.put("file", f.file());
            o.put("statement", f.statement());
            o.put("line", f.line());
            o.put("rule", f.rule().id);
            o.put("severity", f.rule().severity.id());
            o.put("message", f.message());
            o.put("fix", f.rule().fix);
            o.put("help", firstUrl(f.rule()));
        }
        return root;
    }

    private static ArrayNode codeQuality(List<Finding> findings, List<Unreadable> unreadable) {
        ArrayNode list = MAPPER.createArrayNode();
        for (Unreadable u : unreadable) {
            ObjectNode o = list.addObject();
            o.put("description", "Not linted, so not known to be safe: " + u.text());
            o.put("check_name", Unreadable.CHECK);
            o.put("fingerprint", fingerprint(u.file() + "\n" + Unreadable.CHECK));
            o.put("severity", Severity.BLOCKER.id());
            ObjectNode location = o.putObject("location");
            location.put("path", u.file());
            location.putObject("lines").put("begin", 1);
        }
        for (Finding f : findings) {
            ObjectNode o = list.addObject();
            o.put("description", f.statement() + ": " + f.message() + " Fix: " + f.rule().fix
                    + " See " + firstUrl(f.rule()));
            o.put("check_name", f.rule().id);
            o.put("fingerprint", fingerprint(f));
            o.put("severity", f.rule().severity.id());
            ObjectNode location = o.putObject("location");
            location.put("path", f.file());
            location.putObject("lines").put("begin", Math.max(1, f.line()));
        }
        return list;
    }

    private static ObjectNode sarif(List<Finding> findings) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", "2.1.0");
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", Tool.NAME);
        driver.put("version", Tool.VERSION);
        driver.put("semanticVersion", Tool.VERSION);
        driver.put("informationUri", Tool.INFORMATION_URI);
        ArrayNode rules = driver.putArray("rules");
        for (Rule r : Rule.values()) {
            ObjectNode o = rules.addObject();
            o.put("id", r.id);
            o.putObject("shortDescription").put("text", r.id);
            o.putObject("fullDescription").put("text", r.description);
            o.put("helpUri", firstUrl(r));
            o.putObject("help").put("text", "Fix: " + r.fix);
            o.putObject("defaultConfiguration").put("level", level(r.severity));
        }
        ArrayNode results = run.putArray("results");
        for (Finding f : findings) {
            ObjectNode o = results.addObject();
            o.put("ruleId", f.rule().id);
            o.put("level", level(f.rule().severity));
            o.putObject("message").put("text", f.statement() + ": " + f.message() + " Fix: " + f.rule().fix);
            ObjectNode physical = o.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uri(f.file()));
            physical.putObject("region").put("startLine", Math.max(1, f.line()));
            o.putObject("partialFingerprints").put("trustPolicyFinding/v1", fingerprint(f));
        }
        return root;
    }

    /** SARIF level from the code-quality severity: info is a note, minor and major warnings, critical and blocker errors. */
    static String level(Severity s) {
        return switch (s) {
            case INFO -> "note";
            case MINOR, MAJOR -> "warning";
            case CRITICAL, BLOCKER -> "error";
        };
    }

    /** A relative path as a URI reference (spaces and the like percent-encoded); an absolute one as file:. */
    static String uri(String path) {
        try {
            String encoded = new java.net.URI(null, null, path, null).toASCIIString();
            return path.startsWith("/") ? "file://" + encoded : encoded;
        } catch (java.net.URISyntaxException e) {
            return path;
        }
    }

    static String firstUrl(Rule r) {
        Matcher m = URL.matcher(r.description);
        return m.find() ? m.group() : "";
    }

    /**
     * Stable across runs and working directories (the file is the repository-relative path the
     * finding carries), and different per finding: file, statement, its occurrence among statements
     * with the same label, and rule.
     */
    static String fingerprint(Finding f) {
        return fingerprint(f.file() + "\n" + f.statement() + "\n" + f.occurrence() + "\n" + f.rule().id);
    }

    private static String fingerprint(String identity) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] hash = sha.digest(identity.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pretty(Object node) throws JsonProcessingException {
        return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    }
}
