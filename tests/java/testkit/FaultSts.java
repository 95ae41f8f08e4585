package testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * An STS endpoint on 127.0.0.1 that answers in the real Query protocol but only what the test
 * scripted: the errors and network faults moto cannot produce. Each request, in arrival order,
 * takes the next step of the script; once the script is used up its last step repeats (an empty
 * script answers every request with success). Signatures are not checked.
 *
 * <pre>
 * try (FaultSts sts = FaultSts.start()) {
 *     sts.script(Step.error("Throttling").times(2), Step.success());
 *     ... call sts.endpoint() ...
 *     assertEquals(3, sts.requests().size());
 * }
 * </pre>
 */
public final class FaultSts implements AutoCloseable {
    private static final int MAX_THREADS = 16;
    private static final int MAX_QUEUED_CONNECTIONS = 32;
    private static final int IDLE_CONNECTION_MILLIS = 30_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final ServerSocket serverSocket;
    private final ThreadPoolExecutor workers;
    private final Thread acceptor;
    private final Set<Socket> openSockets = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private final List<Request> requests = new ArrayList<>();
    private List<Step> script = List.of();
    private int[] remaining = new int[0];
    private int cursor;
    private Identity identity = Identity.random();
    private volatile boolean closed;
    private final boolean tls;

    private FaultSts(SSLContext tls) throws IOException {
        this.tls = tls != null;
        serverSocket = tls == null ? new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))
                : tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        int serverNumber = SERVERS.incrementAndGet();
        AtomicInteger threadNumber = new AtomicInteger();
        workers = new ThreadPoolExecutor(MAX_THREADS, MAX_THREADS, 5, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(MAX_QUEUED_CONNECTIONS), runnable -> {
                    Thread thread = new Thread(runnable, "fault-sts-" + serverNumber + "-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        workers.allowCoreThreadTimeOut(true);
        acceptor = new Thread(this::acceptLoop, "fault-sts-" + serverNumber + "-accept");
        acceptor.setDaemon(true);
    }

    /** Listens on 127.0.0.1 on a free port; the script is empty, so every request gets success. */
    public static FaultSts start() {
        return start(null);
    }

    /** The same over TLS (https://127.0.0.1:PORT) with the server certificate of {@code tls}, e.g. {@link TestCa#serverContext()}. */
    public static FaultSts startTls(SSLContext tls) {
        return start(java.util.Objects.requireNonNull(tls));
    }

    private static FaultSts start(SSLContext tls) {
        try {
            FaultSts sts = new FaultSts(tls);
            sts.acceptor.start();
            return sts;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1", e);
        }
    }

    public String endpoint() {
        return (tls ? "https" : "http") + "://127.0.0.1:" + serverSocket.getLocalPort();
    }

    /** Replaces the script; the next request takes its first step. Recorded requests stay. */
    public FaultSts script(Step... steps) {
        synchronized (lock) {
            script = List.of(steps);
            remaining = new int[steps.length];
            for (int i = 0; i < steps.length; i++) remaining[i] = steps[i].times;
            cursor = 0;
        }
        return this;
    }

    /** What success steps without an identity of their own answer with. */
    public Identity identity() {
        synchronized (lock) {
            return identity;
        }
    }

    public FaultSts identity(Identity identity) {
        synchronized (lock) {
            this.identity = identity;
        }
        return this;
    }

    /** Every request received so far, in arrival order. */
    public List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    public List<Request> requests(String action) {
        return requests().stream().filter(r -> action.equals(r.action())).toList();
    }

    /** Waits until at least {@code count} requests arrived; fails when they do not within the timeout. */
    public List<Request> awaitRequests(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (requests.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " requests within " + timeout + ", got " + requests.size());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            return List.copyOf(requests);
        }
    }

    /** Stops listening, drops every open connection and ends every thread the server started. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket socket : openSockets) closeQuietly(socket);
        workers.shutdownNow();
        try {
            acceptor.join(5000);
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("FaultSts worker threads did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                return; // closed
            }
            openSockets.add(socket);
            if (closed) {
                closeQuietly(socket);
                return;
            }
            try {
                workers.execute(() -> serve(socket));
            } catch (RejectedExecutionException busy) {
                openSockets.remove(socket);
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try {
            socket.setSoTimeout(IDLE_CONNECTION_MILLIS);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = new BufferedOutputStream(socket.getOutputStream());
            while (!closed) {
                MiniHttp.RawRequest raw = MiniHttp.read(in, out);
                if (raw == null) return;
                Instant arrivedAt = Instant.now();
                Map<String, String> params = params(raw);
                String requestId = UUID.randomUUID().toString();
                Step step;
                Identity defaultIdentity;
                synchronized (lock) {
                    step = nextStep();
                    defaultIdentity = identity;
                    requests.add(new Request(params.get("Action"), params, raw.headers(), arrivedAt, raw.method(),
                            raw.target(), new String(raw.body(), StandardCharsets.UTF_8),
                            step.answersWithXml() ? requestId : null, step.toString()));
                    lock.notifyAll();
                }
                if (!step.delay.isZero()) Thread.sleep(step.delay.toMillis());
                if (step.kind == Step.Kind.DROP) return;
                if (step.kind == Step.Kind.RESET) {
                    socket.setSoLinger(true, 0);
                    return;
                }
                respond(out, step, params, defaultIdentity, requestId, raw.wantsClose());
                if (raw.wantsClose()) return;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away, sent something that is not HTTP, or the server is closing
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            openSockets.remove(socket);
            closeQuietly(socket);
        }
    }

    private Step nextStep() {
        if (script.isEmpty()) return Step.success();
        while (cursor < script.size() - 1 && remaining[cursor] == 0) cursor++;
        if (remaining[cursor] > 0) remaining[cursor]--;
        return script.get(cursor);
    }

    private void respond(OutputStream out, Step step, Map<String, String> params, Identity defaultIdentity,
                         String requestId, boolean close) throws IOException {
        int status;
        String body;
        String contentType = "text/xml";
        Instant now = Instant.now();
        switch (step.kind) {
            case SUCCESS -> {
                Identity who = step.identity != null ? step.identity : defaultIdentity;
                String action = String.valueOf(params.get("Action"));
                if (action.equals("AssumeRoleWithWebIdentity")) {
                    status = 200;
                    body = StsXml.assumeRoleWithWebIdentity(who.issue(params, now), requestId);
                } else if (action.equals("GetCallerIdentity")) {
                    status = 200;
                    String session = who.sessionFor(params);
                    body = StsXml.getCallerIdentity(who.assumedRoleArn(params, session), who.roleId() + ":" + session,
                            who.accountFor(params), requestId);
                } else {
                    status = 400;
                    body = StsXml.error("Sender", "InvalidAction",
                            "Could not find operation " + action + " for version 2011-06-15", requestId);
                }
            }
            case ERROR -> {
                status = step.status;
                String message = step.message != null ? step.message : StsErrors.defaultMessage(step.code, now);
                body = StsXml.error(step.type, step.code, message, requestId);
            }
            case RAW -> {
                status = step.status;
                body = step.body;
                contentType = step.contentType;
            }
            default -> throw new IllegalStateException("no answer for " + step.kind);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (step.answersWithXml()) headers.put("x-amzn-RequestId", requestId);
        headers.put("Content-Type", contentType);
        headers.put("Date", DateTimeFormatter.RFC_1123_DATE_TIME.format(now.atZone(ZoneOffset.UTC)));
        MiniHttp.write(out, status, headers, body.getBytes(StandardCharsets.UTF_8), close);
    }

    private static Map<String, String> params(MiniHttp.RawRequest raw) {
        Map<String, String> params = new LinkedHashMap<>();
        int question = raw.target().indexOf('?');
        if (question >= 0) decodeInto(raw.target().substring(question + 1), params);
        String contentType = raw.header("Content-Type");
        if (contentType != null && contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            decodeInto(new String(raw.body(), StandardCharsets.UTF_8), params);
        }
        return Collections.unmodifiableMap(params);
    }

    private static void decodeInto(String form, Map<String, String> params) {
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) continue;
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    /** One request as the server saw it, and what it was answered with. */
    public record Request(String action, Map<String, String> params, Map<String, List<String>> headers,
                          Instant arrivedAt, String method, String target, String body,
                          String requestId, String answer) {
        public String param(String name) {
            return params.get(name);
        }

        /** First value of a header, by case-insensitive name; null when absent. */
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** The PolicyArns.member.N.arn values in order. */
        public List<String> policyArns() {
            List<String> arns = new ArrayList<>();
            for (int n = 1; params.containsKey("PolicyArns.member." + n + ".arn"); n++) {
                arns.add(params.get("PolicyArns.member." + n + ".arn"));
            }
            return arns;
        }
    }

    /**
     * What a success answers with. A null field is taken from the request (account and role from
     * RoleArn, session from RoleSessionName, expiration from DurationSeconds, subject, audience and
     * provider from the token's claims) or, for GetCallerIdentity, from a fixed default.
     */
    public record Identity(String account, String role, String session, String roleId, String accessKeyId,
                           String secretAccessKey, String sessionToken, Instant expiration, String subject,
                           String provider, String audience) {
        private static final SecureRandom RANDOM = new SecureRandom();
        private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        private static final String DEFAULT_ACCOUNT = "123456789012";

        /** Fresh random credential values (so a test can search output for them), the rest from the request. */
        public static Identity random() {
            return new Identity(null, null, null, "AROA" + randomText(UPPER, 17), "ASIA" + randomText(UPPER, 16),
                    randomText(UPPER + "abcdefghijklmnopqrstuvwxyz01+/", 40),
                    "IQoJb3JpZ2luX2Vj" + randomText(UPPER + "abcdefghijklmnopqrstuvwxyz01+/", 300),
                    null, null, null, null);
        }

        public Identity withAccount(String account) {
            return new Identity(account, role, session, roleId, accessKeyId, secretAccessKey, sessionToken, expiration, subject, provider, audience);
        }

        public Identity withRole(String role) {
            return new Identity(account, role, session, roleId, accessKeyId, secretAccessKey, sessionToken, expiration, subject, provider, audience);
        }

        public Identity withSession(String session) {
            return new Identity(account, role, session, roleId, accessKeyId, secretAccessKey, sessionToken, expiration, subject, provider, audience);
        }

        public Identity withCredentials(String accessKeyId, String secretAccessKey, String sessionToken) {
            return new Identity(account, role, session, roleId, accessKeyId, secretAccessKey, sessionToken, expiration, subject, provider, audience);
        }

        public Identity withExpiration(Instant expiration) {
            return new Identity(account, role, session, roleId, accessKeyId, secretAccessKey, sessionToken, expiration, subject, provider, audience);
        }

        public Identity withSubject(String subject) {
            return new Identity(account, role, session, roleId, accessKeyId, secretAccessKey, sessionToken, expiration, subject, provider, audience);
        }

        public Identity withProvider(String provider) {
            return new Identity(account, role, session, roleId, accessKeyId, secretAccessKey, sessionToken, expiration, subject, provider, audience);
        }

        public Identity withAudience(String audience) {
            return new Identity(account, role, session, roleId, accessKeyId, secretAccessKey, sessionToken, expiration, subject, provider, audience);
        }

        String accountFor(Map<String, String> params) {
            if (account != null) return account;
            String[] arn = String.valueOf(params.get("RoleArn")).split(":");
            return arn.length >= 6 && arn[4].matches("\\d{12}") ? arn[4] : DEFAULT_ACCOUNT;
        }

        String roleFor(Map<String, String> params) {
            if (role != null) return role;
            String roleArn = params.get("RoleArn");
            if (roleArn == null || !roleArn.contains(":role/")) return "fault-sts-role";
            return roleArn.substring(roleArn.lastIndexOf('/') + 1);
        }

        String sessionFor(Map<String, String> params) {
            if (session != null) return session;
            String requested = params.get("RoleSessionName");
            return requested != null ? requested : "fault-sts-session";
        }

        String assumedRoleArn(Map<String, String> params, String sessionName) {
            return "arn:aws:sts::" + accountFor(params) + ":assumed-role/" + roleFor(params) + "/" + sessionName;
        }

        StsXml.Issued issue(Map<String, String> params, Instant now) {
            String sessionName = sessionFor(params);
            Instant expires = expiration;
            if (expires == null) {
                String duration = params.get("DurationSeconds");
                expires = now.plusSeconds(duration != null && duration.matches("\\d+") ? Long.parseLong(duration) : 3600);
            }
            JsonNode claims = claims(params.get("WebIdentityToken"));
            String issuer = claims.path("iss").asText(null);
            JsonNode aud = claims.path("aud");
            String tokenAudience = aud.isArray() ? aud.path(0).asText(null) : aud.asText(null);
            String tokenProvider = issuer == null ? null
                    : "arn:aws:iam::" + accountFor(params) + ":oidc-provider/" + issuer.replaceFirst("^https?://", "");
            return new StsXml.Issued(accessKeyId, secretAccessKey, sessionToken, expires,
                    subject != null ? subject : claims.path("sub").asText(null),
                    assumedRoleArn(params, sessionName), roleId + ":" + sessionName,
                    provider != null ? provider : tokenProvider,
                    audience != null ? audience : tokenAudience);
        }

        private static JsonNode claims(String token) {
            try {
                String[] parts = token.split("\\.");
                return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            } catch (Exception notAJwt) {
                return JSON.missingNode();
            }
        }

        private static String randomText(String alphabet, int length) {
            StringBuilder text = new StringBuilder(length);
            for (int i = 0; i < length; i++) text.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
            return text.toString();
        }
    }

    /** One scripted behaviour. Immutable: every modifier returns a new step. */
    public static final class Step {
        enum Kind { SUCCESS, ERROR, RAW, DROP, RESET }

        private final Kind kind;
        private final Identity identity;
        private final int status;
        private final String type;
        private final String code;
        private final String message;
        private final String contentType;
        private final String body;
        private final Duration delay;
        private final int times;

        private Step(Kind kind, Identity identity, int status, String type, String code, String message,
                     String contentType, String body, Duration delay, int times) {
            this.kind = kind;
            this.identity = identity;
            this.status = status;
            this.type = type;
            this.code = code;
            this.message = message;
            this.contentType = contentType;
            this.body = body;
            this.delay = delay;
            this.times = times;
        }

        private static Step of(Kind kind, Identity identity, int status, String type, String code, String message,
                               String contentType, String body) {
            return new Step(kind, identity, status, type, code, message, contentType, body, Duration.ZERO, 1);
        }

        /** Credentials (AssumeRoleWithWebIdentity) or the caller (GetCallerIdentity) of the server's identity. */
        public static Step success() {
            return of(Kind.SUCCESS, null, 200, null, null, null, null, null);
        }

        public static Step success(Identity identity) {
            return of(Kind.SUCCESS, identity, 200, null, null, null, null, null);
        }

        /** A known STS error code with the real service's status, fault type and message. */
        public static Step error(String code) {
            StsErrors.Known known = StsErrors.lookup(code);
            return of(Kind.ERROR, null, known.status(), known.type(), code, null, null, null);
        }

        /** A known STS error code with its real status and type, and this message. */
        public static Step error(String code, String message) {
            StsErrors.Known known = StsErrors.lookup(code);
            return of(Kind.ERROR, null, known.status(), known.type(), code, message, null, null);
        }

        /** Any ErrorResponse at all. */
        public static Step error(int status, String type, String code, String message) {
            return of(Kind.ERROR, null, status, type, code, message, null, null);
        }

        public static Step throttling() {
            return error("Throttling");
        }

        /**
         * A bare HTTP status: 500 and 503 carry the service's InternalFailure or ServiceUnavailable
         * ErrorResponse; other statuses an HTML page, as a load balancer in front of it would send.
         */
        public static Step status(int status) {
            String code = StsErrors.codeForStatus(status);
            if (code != null) return error(code);
            return raw(status, "text/html", "<html><body><h1>" + status + "</h1></body></html>\n");
        }

        /** 200 with a body that is not the response XML (truncated mid-element). */
        public static Step malformed() {
            return raw(200, "text/xml", "<AssumeRoleWithWebIdentityResponse xmlns=\"" + StsXml.NAMESPACE
                    + "\">\n  <AssumeRoleWithWebIdentityResult>\n    <Credentials>\n      <AccessKeyId>ASIA");
        }

        public static Step malformed(String body) {
            return raw(200, "text/xml", body);
        }

        public static Step raw(int status, String contentType, String body) {
            return of(Kind.RAW, null, status, null, null, null, contentType, body);
        }

        /** Reads the request, then closes the connection without a byte of response. */
        public static Step drop() {
            return of(Kind.DROP, null, 0, null, null, null, null, null);
        }

        /** Reads the request, then resets the connection (TCP RST) without a response. */
        public static Step reset() {
            return of(Kind.RESET, null, 0, null, null, null, null, null);
        }

        /** Success after waiting; {@code Step.delay(d).then(other)} waits, then behaves as {@code other}. */
        public static Step delay(Duration delay) {
            return success().after(delay);
        }

        public Step then(Step next) {
            return next.after(delay);
        }

        /** Waits this long (on top of any delay the step already has) before answering. */
        public Step after(Duration extra) {
            return new Step(kind, identity, status, type, code, message, contentType, body, delay.plus(extra), times);
        }

        /** Answers this many consecutive requests. */
        public Step times(int count) {
            if (count < 1) throw new IllegalArgumentException("times must be at least 1: " + count);
            return new Step(kind, identity, status, type, code, message, contentType, body, delay, count);
        }

        /** Answers every request from here on; later steps are never reached. */
        public Step forever() {
            return times(Integer.MAX_VALUE);
        }

        boolean answersWithXml() {
            return kind == Kind.SUCCESS || kind == Kind.ERROR;
        }

        @Override
        public String toString() {
            String what = switch (kind) {
                case SUCCESS -> "success";
                case ERROR -> "error " + code + " " + status;
                case RAW -> "raw " + status;
                case DROP -> "drop";
                case RESET -> "reset";
            };
            return delay.isZero() ? what : what + " after " + delay.toMillis() + "ms";
        }
    }
}
