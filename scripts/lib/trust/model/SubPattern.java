package lib.trust.model;

import java.util.regex.Pattern;

/**
 * Reads a sub condition value the way GitLab builds the claim: component:value pairs joined by ':'
 * starting with project_path or project_id. Git refs, project paths and environment names cannot
 * contain ':', so a literal ':' after a value ends it even when wildcards follow.
 */
public final class SubPattern {
    public enum Scope { EXACT, PROJECTS, INSTANCE, UNMATCHABLE, UNKNOWN }

    private static final Pattern REF_PINNED = Pattern.compile("(^|:)ref_type:(branch|tag):ref:[^:*?]+(:|$)");
    private static final String[] PROJECT_COMPONENTS = {"project_path:", "project_id:"};

    private SubPattern() {}

    /** Which projects the value admits; {@code like} tells whether wildcards are live (StringLike). */
    public static Scope projectScope(String value, boolean like) {
        String v = value;
        if (!like || !Glob.hasWildcard(v)) {
            for (String c : PROJECT_COMPONENTS) if (v.startsWith(c) && v.length() > c.length()) return Scope.EXACT;
            return v.startsWith("${") ? Scope.UNKNOWN : Scope.UNMATCHABLE;
        }
        String prefix = v.substring(0, firstWildcard(v));
        for (String c : PROJECT_COMPONENTS) {
            if (prefix.startsWith(c)) {
                String rest = prefix.substring(c.length());
                if (rest.contains(":")) return Scope.EXACT;
                return rest.isEmpty() ? Scope.INSTANCE : Scope.PROJECTS;
            }
            if (c.startsWith(prefix)) return Scope.INSTANCE;
        }
        return prefix.startsWith("${") ? Scope.UNKNOWN : Scope.UNMATCHABLE;
    }

    /** True when the value (as a live pattern) leaves the ref type or ref name open. */
    public static boolean refIsWildcard(String value) {
        if (!Glob.hasWildcard(value)) return false;
        return !REF_PINNED.matcher(value).find();
    }

    /** The value itself requires a protected ref or environment (customised sub components). */
    public static boolean requiresProtection(String value) {
        return value.contains("ref_protected:true") || value.contains("environment_protected:true");
    }

    /** A literal sub whose ref_type is neither branch nor tag cannot occur. */
    public static boolean impossibleRefType(String value, boolean like) {
        int at = value.indexOf(":ref_type:");
        if (at < 0) return false;
        String rest = value.substring(at + ":ref_type:".length());
        int end = rest.indexOf(':');
        String type = end < 0 ? rest : rest.substring(0, end);
        if (like && Glob.hasWildcard(type)) return !Glob.matches(type, "branch") && !Glob.matches(type, "tag");
        return !type.contains("${") && !type.equals("branch") && !type.equals("tag");
    }

    /** GitLab's sub claim components (ci_id_token_sub_claim_components). */
    public static final java.util.Set<String> COMPONENTS = java.util.Set.of("project_path", "project_id", "ref_type",
            "ref", "ref_protected", "environment", "environment_protected", "deployment_tier");
    private static final java.util.Set<String> TIERS = java.util.Set.of("production", "staging", "testing",
            "development", "other");

    /**
     * Why a literal sub value (compared exactly) cannot be a GitLab sub, or null when it can. GitLab
     * builds sub as name:value pairs of its sub claim components, project_path or project_id first;
     * no component value contains ':'. https://docs.gitlab.com/ci/secrets/id_token_authentication/
     */
    public static String grammarProblem(String value) {
        if (value.contains("${")) return null;
        String[] parts = value.split(":", -1);
        if (parts.length < 2 || parts.length % 2 != 0) return "not name:value pairs";
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < parts.length; i += 2) {
            String name = parts[i], v = parts[i + 1];
            if (!COMPONENTS.contains(name)) return "'" + name + "' is not a sub claim component";
            if (i == 0 && !name.equals("project_path") && !name.equals("project_id")) return "it must start with project_path or project_id";
            if (!seen.add(name)) return name + " appears twice";
            if (v.isEmpty()) return name + " is empty";
            String problem = switch (name) {
                case "project_path" -> v.contains("/") ? null : "project_path has no group";
                case "project_id" -> v.matches("\\d+") ? null : "project_id is not a number";
                case "ref_type" -> v.equals("branch") || v.equals("tag") ? null : "ref_type is neither branch nor tag";
                case "ref_protected", "environment_protected" -> v.equals("true") || v.equals("false") ? null
                        : name + " is neither true nor false";
                case "deployment_tier" -> TIERS.contains(v) ? null : "deployment_tier is not a GitLab tier";
                case "ref" -> refProblem(v);
                default -> null;
            };
            if (problem != null) return problem;
        }
        if (seen.contains("ref_type") != seen.contains("ref")) return "ref_type and ref come together";
        return null;
    }

    /**
     * Why a literal ref name cannot be a git branch or tag, or null. Git refuses '*', '?', '[', '\\',
     * '~', '^', spaces and control characters, "..", and "@{" in ref names
     * (https://git-scm.com/docs/git-check-ref-format); {@link PolicyVariables#STAR} is a literal '*'
     * written as ${*}.
     */
    static String refProblem(String ref) {
        for (int i = 0; i < ref.length(); i++) {
            char c = ref.charAt(i);
            if (c == PolicyVariables.STAR || c == PolicyVariables.QUESTION || "*?[\\~^ ".indexOf(c) >= 0 || c < 0x20 || c == 0x7f) {
                String shown = c == PolicyVariables.STAR ? "*" : c == PolicyVariables.QUESTION ? "?" : String.valueOf(c);
                return "a git ref name cannot contain '" + shown + "'";
            }
        }
        if (ref.contains("..") || ref.contains("@{")) return "a git ref name cannot contain '..' or '@{'";
        return null;
    }

    /** GitLab's default sub components, in order. */
    public static final java.util.List<String> DEFAULT_COMPONENTS = java.util.List.of("project_path", "ref_type", "ref");

    /** The sub GitLab builds: each component as name:value, joined by ':' in the given order. */
    public static String build(java.util.List<String> components, java.util.function.Function<String, String> valueOf) {
        java.util.List<String> parts = new java.util.ArrayList<>();
        for (String c : components) parts.add(c + ":" + valueOf.apply(c));
        return String.join(":", parts);
    }

    private static int firstWildcard(String v) {
        int star = v.indexOf('*'), q = v.indexOf('?');
        if (star < 0) return q;
        if (q < 0) return star;
        return Math.min(star, q);
    }
}
