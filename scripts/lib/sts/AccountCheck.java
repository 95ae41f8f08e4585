package lib.sts;

import java.util.List;
import lib.cli.RuntimeFailure;
import lib.exchange.ExchangeSettings;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;

/** Asks STS who the new credentials belong to and refuses an account not on the allow list. */
public final class AccountCheck {
    private AccountCheck() {}

    /** One GetCallerIdentity with the exchange's region, endpoint and attempt timeout. */
    public static String verify(ExchangeSettings settings, SessionCredentials credentials) {
        String region = settings.region();
        java.net.URI endpoint = settings.stsEndpoint();
        List<String> allowed = settings.allowedAccountIds();
        AwsSessionCredentials session = AwsSessionCredentials.create(
                credentials.accessKeyId(), credentials.secretAccessKey(), credentials.sessionToken());
        String account;
        try (StsClient sts = StsClients.build(region, endpoint, StaticCredentialsProvider.create(session), settings.attemptTimeout(),
                settings.network(), settings.endpointVariant())) {
            account = sts.getCallerIdentity().account();
        } catch (SdkException e) {
            throw new RuntimeFailure("could not check the account of the new credentials with GetCallerIdentity ("
                    + StsErrorAdvice.shortReason(e) + "); nothing was written. Retry, or check the STS endpoint");
        }
        if (!allowed.contains(account)) {
            throw new RuntimeFailure("the credentials are for account " + account + ", which is not in allowed_account_ids "
                    + allowed + " (--allowed-account-ids, AWS_OIDC_ALLOWED_ACCOUNT_IDS); nothing was written. "
                    + "Fix role_arn, or add the account to the list if it is really meant");
        }
        return account;
    }
}
