package lib.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import lib.cli.InputName;
import lib.cli.Values;

/**
 * A PEM file of CA certificates trusted in addition to the JVM's own CAs (a TLS-inspecting proxy's
 * CA, a private endpoint's CA). Read from the option, else from {@code AWS_CA_BUNDLE} as the AWS
 * CLI does; checked before any network call.
 */
public record CaBundle(Path path, List<X509Certificate> certificates) {
    public static final String AWS_CA_BUNDLE = "AWS_CA_BUNDLE";
    private static final String BEGIN = "-----BEGIN CERTIFICATE-----";

    /** The bundle named by {@code value}, else by AWS_CA_BUNDLE, else null; a bad file is a usage error naming where it was set. */
    public static CaBundle fromInput(InputName input, String value, Map<String, String> env) {
        InputName source = input;
        String file = value;
        if (Values.isBlank(file) && !Values.isBlank(env.get(AWS_CA_BUNDLE))) {
            source = new InputName(AWS_CA_BUNDLE, AWS_CA_BUNDLE, null);
            file = env.get(AWS_CA_BUNDLE);
        }
        if (Values.isBlank(file)) return null;
        Path path = Path.of(expandHome(file.strip())).toAbsolutePath().normalize();
        String fix = "Name a readable PEM file holding the CA certificate(s) of your network (-----BEGIN CERTIFICATE----- blocks), "
                + "e.g. the one your TLS-inspecting proxy or private CA publishes";
        byte[] bytes;
        try {
            if (!Files.isRegularFile(path)) throw source.invalid(path.toString(), Files.exists(path) ? "is not a file" : "does not exist", fix);
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw source.invalid(path.toString(), "cannot be read (" + e.getClass().getSimpleName() + ")", fix);
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        if (!text.contains(BEGIN)) throw source.invalid(path.toString(), "holds no PEM certificate", fix);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException | RuntimeException e) {
            throw source.invalid(path.toString(), "is not a valid PEM certificate bundle (" + e.getClass().getSimpleName() + ")", fix);
        }
        if (certificates.isEmpty()) throw source.invalid(path.toString(), "holds no certificate", fix);
        return new CaBundle(path, List.copyOf(certificates));
    }

    /** TLS that accepts a server the JVM's CAs or this bundle's CAs vouch for; host names are checked either way. */
    public SSLContext sslContext() throws GeneralSecurityException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) store.setCertificateEntry("bundle-" + i, certificates.get(i));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new EitherTrustManager(trustManager(null), trustManager(store))}, null);
            return context;
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot build a key store for " + path, e);
        }
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager extended) return extended;
        }
        throw new GeneralSecurityException("no X.509 trust manager in " + factory.getAlgorithm());
    }

    private static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) return System.getProperty("user.home") + path.substring(1);
        return path;
    }
}
