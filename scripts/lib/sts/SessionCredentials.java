package lib.sts;

import java.time.Instant;

/** Short-lived credentials from STS and who they belong to. toString shows no secret. */
public record SessionCredentials(
        String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
        String assumedRoleArn, String subject) {

    @Override
    public String toString() {
        return "SessionCredentials[" + assumedRoleArn + ", expires " + expiration + "]";
    }
}
