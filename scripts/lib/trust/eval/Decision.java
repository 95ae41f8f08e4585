package lib.trust.eval;

import java.util.List;

/**
 * The outcome of evaluating a trust policy for one token.
 *
 * @param allowed  true when an Allow matched and no Deny did
 * @param decidedBy the statement that decided (the matching Deny or Allow), or null for an implicit deny
 * @param reasons  human-readable lines: what decided, or for each Allow statement why it did not match
 * @param notes    corners the evaluation does not model, or keys AWS would not set
 */
public record Decision(boolean allowed, String decidedBy, List<String> reasons, List<String> notes) {}
