package lib.aws;

import java.util.List;

/**
 * An IAM OIDC identity provider as IAM reports it.
 *
 * @param arn         arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST[/PATH]
 * @param url         the issuer without scheme, as IAM stores it (gitlab.com)
 * @param clientIds   audiences the provider accepts
 * @param thumbprints certificate thumbprints (ignored by AWS for publicly trusted issuers)
 */
public record OidcProvider(String arn, String url, List<String> clientIds, List<String> thumbprints) {
    public OidcProvider {
        clientIds = List.copyOf(clientIds);
        thumbprints = List.copyOf(thumbprints);
    }

    /** The part after oidc-provider/ in the ARN: what STS matches against the token's iss. */
    public String providerId() {
        int at = arn.indexOf(":oidc-provider/");
        return at < 0 ? url : arn.substring(at + ":oidc-provider/".length());
    }
}
