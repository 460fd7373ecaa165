package io.visage.rest.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.fileupload.FileItemIterator;
import org.apache.commons.fileupload.FileItemStream;
import org.apache.commons.fileupload.FileUpload;
import org.apache.commons.fileupload.FileUploadBase;
import org.apache.commons.fileupload.FileUploadException;
import org.apache.commons.fileupload.UploadContext;


/**
 * Builds an {@link ApiRequest} from the query string and the body. Bodies are read for every method,
 * GET and DELETE included (Postman sends form-data on them), and never beyond the configured limit.
 */
final class RequestBodyParser {
    private static final int MAX_PARTS = 16;
    private static final int MAX_FIELD_BYTES = 64 * 1024;
    /**
     * A body that, once reading it has taken longer than the grace period, arrives slower than this on average
     * since we began reading is cut off with 408: a trickle cannot hold a server thread for long (a stall is
     * ended by the server's idle timeout). 4 KB/s still takes a 16 MiB image in 70 minutes.
     */
    static final long MIN_BYTES_PER_SECOND = 4096;
    static final long GRACE_NANOS = 5_000_000_000L;

    private final long maxBodyBytes;

    RequestBodyParser(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * As {@link #parse(Map, String, InputStream)}, refusing at once with 413, before reading a byte, a body whose
     * declared Content-Length is over the limit (a client that says it sends 50 MB is not read up to the limit).
     */
    ApiRequest parse(Map<String, List<String>> query, String contentType, String contentLength, InputStream body) {
        if (contentLength != null) {
            long declared;
            try {
                declared = Long.parseLong(contentLength.trim());
            } catch (NumberFormatException e) {
                declared = -1; // Jetty refuses a malformed Content-Length before it gets here
            }
            if (declared > maxBodyBytes) {
                abandonBody();
                throw new ClientErrorException(413, "Request body too large.");
            }
        }
        return parse(query, contentType, body);
    }

    ApiRequest parse(Map<String, List<String>> query, String contentType, InputStream body) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        query.forEach((name, values) -> fields.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values));
        Map<String, byte[]> files = new HashMap<>();
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        body = new MinimumRate(body, MIN_BYTES_PER_SECOND, GRACE_NANOS);
        try {
            if (type.startsWith("multipart/form-data")) {
                readMultipart(contentType, body, fields, files);
            } else if (type.startsWith("application/x-www-form-urlencoded")) {
                readUrlEncoded(new String(readLimited(body, maxBodyBytes), StandardCharsets.UTF_8), fields);
            }
        } catch (IOException | FileUploadException | IllegalArgumentException e) {
            if (overLimit(e)) {
                abandonBody();
                throw new ClientErrorException(413, "Request body too large.");
            }
            if (timedOut(e)) {
                abandonBody();
                throw new ClientErrorException(408, "Request timeout.");
            }
            throw new ClientErrorException(400, "Problem trying to process request.", e);
        } catch (RuntimeException e) {
            if (timedOut(e)) { // Jetty's minimum data rate throws its 408 from the read itself
                abandonBody();
                throw new ClientErrorException(408, "Request timeout.");
            }
            throw e;
        }
        return new ApiRequest(fields, files);
    }

    /**
     * Whether a failure is a size limit, however wrapped: commons-fileupload reports a part over its limit
     * from inside the part's stream, as an IOException whose cause is the limit.
     */
    private static boolean overLimit(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileUploadBase.SizeLimitExceededException || t instanceof BodyTooLargeException
                    || t instanceof FileUploadBase.FileSizeLimitExceededException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the body stopped coming: the server's idle timeout on a stalled upload, or its minimum data rate
     * (Jetty's 408, attached to the IOException as suppressed) on a trickling one. Nothing to log: it is the client's.
     */
    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.SocketTimeoutException
                    || (t.getClass().getSimpleName().equals("BadMessageException") && String.valueOf(t.getMessage())
                            .startsWith("408"))) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (timedOut(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void readMultipart(String contentType, InputStream body, Map<String, List<String>> fields,
            Map<String, byte[]> files) throws IOException, FileUploadException {
        FileUpload upload = new FileUpload();
        upload.setSizeMax(maxBodyBytes);
        upload.setFileSizeMax(maxBodyBytes);
        FileItemIterator items = upload.getItemIterator(new StreamContext(contentType, body));
        int parts = 0;
        while (items.hasNext()) {
            FileItemStream item = items.next();
            if (++parts > MAX_PARTS) {
                throw new ClientErrorException(400, "Too many form fields.");
            }
            try (InputStream in = item.openStream()) {
                if (item.isFormField()) {
                    String value = new String(readLimited(in, MAX_FIELD_BYTES), StandardCharsets.UTF_8);
                    fields.computeIfAbsent(item.getFieldName(), k -> new ArrayList<>()).add(value);
                } else {
                    files.put(item.getFieldName(), readLimited(in, maxBodyBytes));
                }
            }
        }
    }

    static void readUrlEncoded(String body, Map<String, List<String>> fields) {
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            fields.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    private static byte[] readLimited(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0;) {
            total += n;
            if (total > limit) {
                throw new BodyTooLargeException();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * The rest of a refused body is not read: CXF would otherwise read up to 16 MiB of it before sending the answer
     * (so that the connection can be reused), which for a trickling upload is forever and for a huge one is work
     * for nothing. Without the stream CXF skips that; Jetty then closes the connection after the answer.
     */
    private static void abandonBody() {
        org.apache.cxf.message.Message message = org.apache.cxf.phase.PhaseInterceptorChain.getCurrentMessage();
        if (message != null) {
            message.removeContent(org.apache.cxf.io.DelegatingInputStream.class);
        }
    }

    /** Reading slower than the minimum rate: reported as {@link java.util.concurrent.TimeoutException}. */
    static final class MinimumRate extends java.io.FilterInputStream {
        private final long bytesPerSecond;
        private final long graceNanos;
        private final long start = System.nanoTime();
        private long total;

        MinimumRate(InputStream in, long bytesPerSecond, long graceNanos) {
            super(in);
            this.bytesPerSecond = bytesPerSecond;
            this.graceNanos = graceNanos;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                arrived(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0) {
                arrived(n);
            }
            return n;
        }

        private void arrived(int n) throws IOException {
            total += n;
            long elapsed = System.nanoTime() - start;
            if (elapsed > graceNanos && total < bytesPerSecond * (elapsed / 1_000_000L) / 1000L) {
                throw new IOException(new java.util.concurrent.TimeoutException("request body slower than "
                        + bytesPerSecond + " B/s"));
            }
        }
    }

    private static final class BodyTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;
    }

    private static final class StreamContext implements UploadContext {
        private final String contentType;
        private final InputStream body;

        StreamContext(String contentType, InputStream body) {
            this.contentType = contentType;
            this.body = body;
        }

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        @Deprecated
        public int getContentLength() {
            return -1;
        }

        @Override
        public long contentLength() {
            return -1;
        }

        @Override
        public InputStream getInputStream() {
            return body;
        }
    }
}
