package testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A throwaway certificate authority, made with the openssl CLI for one test: its certificate as a
 * PEM bundle, and a server certificate it signed for 127.0.0.1 and localhost, as a private CA or a
 * TLS-inspecting proxy would issue. Valid for two days; nothing outside the test trusts it.
 */
public final class TestCa {
    private static final String PASSWORD = "test-only";
    public final Path dir;
    /** The CA's certificate, PEM: what --ca-bundle and ca_bundle name. */
    public final Path bundle;
    private final Path serverKeyStore;

    private TestCa(Path dir) {
        this.dir = dir;
        this.bundle = dir.resolve("ca.pem");
        this.serverKeyStore = dir.resolve("server.p12");
    }

    /** A CA whose server certificate also names these hosts (a proxy that routes them here makes them reachable). */
    public static TestCa create(Path parent, String... dnsNames) {
        try {
            TestCa ca = new TestCa(Files.createDirectories(parent.resolve("test-ca")));
            Files.writeString(ca.dir.resolve("server.ext"), String.join("\n",
                    "basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature,keyEncipherment",
                    "extendedKeyUsage=serverAuth", "subjectAltName=IP:127.0.0.1,DNS:localhost"
                            + java.util.Arrays.stream(dnsNames).map(name -> ",DNS:" + name).collect(java.util.stream.Collectors.joining()),
                    "subjectKeyIdentifier=hash", "authorityKeyIdentifier=keyid,issuer", ""));
            ca.openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                    "-subj", "/CN=Throwaway Test Corporate CA", "-addext", "basicConstraints=critical,CA:TRUE",
                    "-addext", "keyUsage=critical,keyCertSign,cRLSign");
            ca.openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
            ca.openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                    "-out", "server.pem", "-days", "2", "-extfile", "server.ext");
            ca.openssl("pkcs12", "-export", "-in", "server.pem", "-inkey", "server.key", "-certfile", "ca.pem",
                    "-out", "server.p12", "-passout", "pass:" + PASSWORD);
            return ca;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void openssl(String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Proc.Result result = Proc.of(command).dir(dir).timeout(60).run();
        if (result.exitCode() != 0) throw new IllegalStateException("openssl " + String.join(" ", args) + " failed:\n" + result);
    }

    /** Server-side TLS with the certificate this CA signed for 127.0.0.1. */
    public SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(serverKeyStore)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the test server's key store", e);
        }
    }
}
