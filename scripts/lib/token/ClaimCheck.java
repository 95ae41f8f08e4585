package lib.token;

/**
 * A check on a decoded token that needs nothing but its claims, for checks that other tools
 * contribute to a token report (for example whether a role's trust policy admits the token).
 */
@FunctionalInterface
public interface ClaimCheck {
    CheckResult check(TokenClaims claims);
}
