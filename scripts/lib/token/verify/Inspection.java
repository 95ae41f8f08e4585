package lib.token.verify;

import java.util.List;
import java.util.Optional;
import lib.token.AwsView;
import lib.token.CheckResult;
import lib.token.TokenClaims;

/** Everything learnt about a token: its claims (absent when it could not be decoded) and each check's result. */
public record Inspection(Optional<TokenClaims> claims, List<CheckResult> checks) {
    public boolean passed() {
        return checks.stream().noneMatch(CheckResult::failed);
    }

    public long failures() {
        return checks.stream().filter(CheckResult::failed).count();
    }

    public Optional<AwsView> awsView() {
        return claims.flatMap(AwsView::of);
    }
}
