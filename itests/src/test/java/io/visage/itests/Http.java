package io.visage.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A small HTTP client for the tests: real requests over loopback, JSON answers parsed. */
public final class Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    Http(String base) {
        this.base = base;
    }

    /** Scheme, host and port the requests go to. */
    String base() {
        return base;
    }

    /** The answer: HTTP status, the raw body and the body as JSON (null when it is not JSON). */
    public static final class Answer {
        public final int httpStatus;
        public final String body;
        public final JsonNode json;

        Answer(int httpStatus, String body) {
            this.httpStatus = httpStatus;
            this.body = body;
            JsonNode parsed;
            try {
                parsed = JSON.readTree(body);
            } catch (IOException e) {
                parsed = null;
            }
            this.json = parsed;
        }

        public int status() {
            return json.get("status").asInt();
        }

        public String message() {
            return json.get("message").asText();
        }

        @Override
        public String toString() {
            return httpStatus + " " + body;
        }
    }

    public Answer send(String method, String pathAndQuery, Form form, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(60));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (form == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", form.contentType());
            request.method(method, HttpRequest.BodyPublishers.ofByteArray(form.bytes()));
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    public Answer get(String pathAndQuery, String... headers) throws Exception {
        return send("GET", pathAndQuery, null, headers);
    }

    /** A request body: multipart/form-data (fields and files) or application/x-www-form-urlencoded. */
    public static final class Form {
        private final boolean multipart;
        private final List<String[]> fields = new ArrayList<>();
        private final List<Object[]> files = new ArrayList<>();
        private final String boundary = "----visage" + UUID.randomUUID();

        private Form(boolean multipart) {
            this.multipart = multipart;
        }

        public static Form multipart() {
            return new Form(true);
        }

        public static Form urlEncoded() {
            return new Form(false);
        }

        public Form field(String name, String value) {
            fields.add(new String[] {name, value});
            return this;
        }

        public Form file(String name, byte[] content) {
            files.add(new Object[] {name, content});
            return this;
        }

        String contentType() {
            return multipart ? "multipart/form-data; boundary=" + boundary : "application/x-www-form-urlencoded";
        }

        byte[] bytes() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!multipart) {
                StringBuilder body = new StringBuilder();
                for (String[] f : fields) {
                    body.append(body.length() == 0 ? "" : "&")
                            .append(java.net.URLEncoder.encode(f[0], StandardCharsets.UTF_8)).append('=')
                            .append(java.net.URLEncoder.encode(f[1], StandardCharsets.UTF_8));
                }
                return body.toString().getBytes(StandardCharsets.UTF_8);
            }
            for (String[] f : fields) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f[0] + "\"\r\n\r\n"
                        + f[1] + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            for (Object[] f : files) {
                out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f[0]
                        + "\"; filename=\"upload\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.write((byte[]) f[1]);
                out.write("\r\n".getBytes(StandardCharsets.UTF_8));
            }
            out.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }
    }
}
