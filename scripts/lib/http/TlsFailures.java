package lib.http;

import java.security.cert.CertificateException;
import javax.net.ssl.SSLHandshakeException;

/** Tells a server certificate nobody vouches for from other TLS failures, and says what to do. */
public final class TlsFailures {
    private TlsFailures() {}

    /** True when a handshake failed because the server's certificate could not be verified (chain or host name). */
    public static boolean isUntrustedCertificate(Throwable failure) {
        boolean handshake = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLHandshakeException) handshake = true;
            if (handshake && cause instanceof CertificateException) return true;
        }
        return false;
    }

    /** The sentence for an untrusted certificate of {@code server}: what failed and the option that fixes it. */
    public static String untrusted(String server, CaBundle caBundle) {
        String trusted = caBundle == null ? "the JVM's CAs" : "the JVM's CAs or the CA bundle " + caBundle.path();
        return "the TLS certificate of " + server + " could not be verified: no certificate of " + trusted
                + " vouches for it (or it names another host). A TLS-inspecting proxy or a private endpoint signs with its own CA: "
                + "pass that CA as a PEM file with --ca-bundle (env AWS_OIDC_CA_BUNDLE, or AWS_CA_BUNDLE)";
    }
}
