package testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Just enough HTTP/1.1 for FaultSts: it works on raw sockets because a fault server must be able
 * to drop a connection without answering, which com.sun.net.httpserver cannot do.
 */
final class MiniHttp {
    private static final int MAX_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;
    private static final int MAX_BODY = 4 * 1024 * 1024;

    private MiniHttp() {}

    record RawRequest(String method, String target, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        boolean wantsClose() {
            String connection = header("Connection");
            return connection != null && connection.equalsIgnoreCase("close");
        }
    }

    /** The next request on the connection, or null when the client closed it between requests. */
    static RawRequest read(InputStream in, OutputStream out) throws IOException {
        String requestLine = readLine(in);
        while (requestLine != null && requestLine.isEmpty()) requestLine = readLine(in);
        if (requestLine == null) return null;
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) throw new IOException("not HTTP: " + requestLine);

        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int count = 0; ; count++) {
            String line = readLine(in);
            if (line == null) throw new IOException("connection closed inside the headers");
            if (line.isEmpty()) break;
            if (count >= MAX_HEADERS) throw new IOException("too many headers");
            int colon = line.indexOf(':');
            if (colon <= 0) throw new IOException("bad header line: " + line);
            headers.computeIfAbsent(line.substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        RawRequest head = new RawRequest(parts[0], parts[1], headers, new byte[0]);
        String expect = head.header("Expect");
        if (expect != null && expect.equalsIgnoreCase("100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        byte[] body;
        String transferEncoding = head.header("Transfer-Encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase().contains("chunked")) {
            body = readChunked(in);
        } else {
            String length = head.header("Content-Length");
            int size = length == null ? 0 : Integer.parseInt(length.trim());
            if (size < 0 || size > MAX_BODY) throw new IOException("body too large: " + size);
            body = in.readNBytes(size);
            if (body.length != size) throw new IOException("connection closed inside the body");
        }
        Map<String, List<String>> frozen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new RawRequest(parts[0], parts[1], Collections.unmodifiableMap(frozen), body);
    }

    static void write(OutputStream out, int status, Map<String, String> headers, byte[] body, boolean close)
            throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\n");
        if (close) head.append("Connection: close\r\n");
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) throw new IOException("connection closed inside a chunk");
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                } while (trailer != null && !trailer.isEmpty());
                return body.toByteArray();
            }
            if (body.size() + size > MAX_BODY) throw new IOException("body too large");
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) throw new IOException("connection closed inside a chunk");
            body.write(chunk);
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() >= MAX_LINE) throw new IOException("line too long");
            line.write(b);
        }
        if (line.size() == 0) return null;
        throw new IOException("connection closed inside a line");
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status " + status;
        };
    }
}
