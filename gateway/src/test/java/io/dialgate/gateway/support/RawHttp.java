package io.dialgate.gateway.support;

import io.restassured.RestAssured;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, bytes exactly as written: for requests no client library sends (bad
 * percent-encoding, a missing Host header, a broken request line, repeated headers, odd methods).
 * One request per connection ({@code Connection: close}).
 */
public final class RawHttp {

    private final String method;
    private final String target;
    private final List<String[]> headers = new ArrayList<>();
    private byte[] body;
    private boolean chunked;
    private boolean host = true;

    private RawHttp(String method, String target) {
        this.method = method;
        this.target = target;
    }

    public static RawHttp request(String method, String target) {
        return new RawHttp(method, target);
    }

    public RawHttp header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    public RawHttp body(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8));
    }

    public RawHttp body(byte[] bytes) {
        this.body = bytes;
        return this;
    }

    /** Sends the body in chunks of 8 KB, without a Content-Length. */
    public RawHttp chunked() {
        this.chunked = true;
        return this;
    }

    public RawHttp withoutHost() {
        this.host = false;
        return this;
    }

    /** The request as bytes: the request line and headers are ISO-8859-1, so a test can put any byte in them. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        if (host) {
            head.append("Host: localhost:").append(RestAssured.port).append("\r\n");
        }
        for (String[] h : headers) {
            head.append(h[0]).append(": ").append(h[1]).append("\r\n");
        }
        if (body != null && chunked) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null && chunked) {
            for (int from = 0; from < body.length; from += 8192) {
                int size = Math.min(8192, body.length - from);
                out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, from, size);
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        } else if (body != null) {
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    public Response send() {
        return send(bytes(), method.equals("HEAD"));
    }

    public static Response send(byte[] request) {
        return send(request, false);
    }

    /**
     * Sends raw bytes and reads one response. A streaming response ({@code text/event-stream}) is not read
     * past its headers: it would not end.
     */
    public static Response send(byte[] request, boolean head) {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // The server may answer and close before it has read all of a refused request.
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            Response response;
            do {
                response = readHead(in);
            } while (response.status() / 100 == 1);
            if (head || response.status() == 204 || response.status() == 304 || response.contentType().startsWith("text/event-stream")) {
                return response;
            }
            String length = response.headers().get("content-length");
            byte[] content;
            if ("chunked".equalsIgnoreCase(response.headers().get("transfer-encoding"))) {
                content = readChunked(in);
            } else if (length != null) {
                content = in.readNBytes(Integer.parseInt(length.trim()));
            } else {
                content = in.readAllBytes();
            }
            return new Response(response.status(), response.headers(), new String(content, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Response readHead(InputStream in) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        }
        return new Response(Integer.parseInt(parts[1]), headers, "");
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String size = readLine(in); size != null; size = readLine(in)) {
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                break;
            }
            out.writeBytes(in.readNBytes(n));
            readLine(in);
        }
        return out.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Status, headers (lower-case names) and body of one response. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }
}
