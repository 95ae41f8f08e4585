package lib.trust;

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

    private static int firstWildcard(String v) {
        int star = v.indexOf('*'), q = v.indexOf('?');
        if (star < 0) return q;
        if (q < 0) return star;
        return Math.min(star, q);
    }
}
