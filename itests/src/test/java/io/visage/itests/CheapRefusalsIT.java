package io.visage.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import io.visage.itests.Http.Answer;
import io.visage.itests.Http.Form;

/**
 * Refusals that cost the server little and say so in the seed's JSON: a file part over the body limit (413, no
 * stack trace in the log), a PNG whose data cannot fit its header (refused before inflating it), an upload that
 * trickles (408 once it is slower than 4 KB/s after a grace of 5 s), and more stalled uploads than server threads.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class CheapRefusalsIT extends VisageTestSupport {
    private static int port() {
        return Integer.getInteger("visage.itest.httpPort", 0);
    }

    private static void assertError(Answer answer, int status, String message) {
        assertEquals(answer.toString(), status, answer.httpStatus);
        assertEquals(answer.toString(), status, answer.status());
        assertEquals(answer.toString(), message, answer.message());
    }

    @Test
    public void aFilePartOverTheLimitIsA413WithoutAStackTraceInTheLog() throws Exception {
        String user = uniqueName("big");
        String key = addApiUser(user, null);
        int logBefore = karafLog().length();
        // Raw, as a client that streams the file: the server answers on the declared length, before reading the
        // body, and closes; an HTTP client still writing 17 MB can see that close as a reset before it reads the
        // answer (HttpClient did on a quiet machine), so this one writes the start of the body and then reads.
        String head = "--abc\r\nContent-Disposition: form-data; name=\"api_user\"\r\n\r\n" + user
                + "\r\n--abc\r\nContent-Disposition: form-data; name=\"api_key\"\r\n\r\n" + key
                + "\r\n--abc\r\nContent-Disposition: form-data; name=\"image\"; filename=\"big.jpg\"\r\n\r\n";
        String text;
        try (Socket socket = new Socket("localhost", port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/users?user_reference=big&liveness=false HTTP/1.1\r\nHost: localhost\r\n"
                    + "Content-Type: multipart/form-data; boundary=abc\r\nContent-Length: 17000000\r\n\r\n" + head)
                    .getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(new byte[16_384]);
                out.flush();
            } catch (SocketException closed) {
                // refused already: the answer is there to read
            }
            text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketException reset) {
            throw new AssertionError("connection reset before the 413 could be read", reset);
        }
        assertTrue(text, text.startsWith("HTTP/1.1 413"));
        assertTrue(text, text.contains("{\"status\":413,\"message\":\"Request body too large.\"}"));
        String logged = karafLog().substring(logBefore);
        assertFalse(logged, logged.contains("\tat "));
    }

    @Test
    public void aPngWhoseDataCannotFitItsHeaderIsRefusedAsCorrupted() throws Exception {
        String user = uniqueName("bomb");
        String key = addApiUser(user, null);
        Answer answer = http().send("POST", "/v1/users?user_reference=bomb&liveness=false", Form.multipart()
                .field("api_user", user).field("api_key", key).file("image", pngBomb()));
        assertError(answer, 400, "Image is probably corrupted.");
    }

    @Test
    public void anUploadThatTricklesIsCutOffWithA408InJson() throws Exception {
        try (Socket socket = new Socket("localhost", port())) {
            socket.setSoTimeout(500);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/users HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=abc\r\n"
                    + "Content-Length: 1000000\r\n\r\n--abc\r\nContent-Disposition: form-data; name=\"image\"; "
                    + "filename=\"a.jpg\"\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            // One byte every half second, far below the 4 KB/s minimum (after 5 s of grace); 60 s at most.
            for (int i = 0; i < 120 && !answer.toString(StandardCharsets.ISO_8859_1).contains("}"); i++) {
                try {
                    out.write('x');
                    out.flush();
                } catch (SocketException closed) {
                    // the server gave up on the body: its answer is already there to read
                }
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    answer.write(buffer, 0, n);
                } catch (SocketTimeoutException nothingYet) {
                    // keep trickling
                }
            }
            String text = answer.toString(StandardCharsets.ISO_8859_1);
            assertTrue(text, text.startsWith("HTTP/1.1 408"));
            assertTrue(text, text.contains("{\"status\":408,\"message\":\"Request timeout.\"}"));
        }
    }

    /**
     * 250 clients that send part of an upload and wait (more than the server's 200 threads): the server, short of
     * threads, closes connections idle for a second, and a request that moves is answered meanwhile.
     */
    @Test
    public void stalledUploadsBeyondTheThreadsDoNotStopTheApi() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 250; i++) {
                // from an address of their own: past 64 requests in progress per address its new ones are a 429
                // (HttpEdgesIT), and the request that moves comes from 127.0.0.1
                Socket socket = new Socket();
                socket.bind(new java.net.InetSocketAddress("127.0.0.3", 0));
                socket.connect(new java.net.InetSocketAddress("127.0.0.1", port()), 10_000);
                socket.getOutputStream().write(("POST /v1/users HTTP/1.1\r\nHost: localhost\r\n"
                        + "Content-Type: multipart/form-data; boundary=abc\r\nContent-Length: 1000000\r\n\r\n--abc\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                sockets.add(socket);
            }
            java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port() + "/health"))
                            .timeout(java.time.Duration.ofSeconds(15)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(health.body(), 200, health.statusCode());
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }

    /** A 1x1 gray PNG whose image data is 10,000 x 10,000 zero rows (about 100 KB, 100 MB inflated). */
    private static byte[] pngBomb() throws Exception {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(9);
        byte[] row = new byte[10_001];
        byte[] buffer = new byte[1 << 16];
        for (int y = 0; y < 10_000; y++) {
            deflater.setInput(row);
            while (!deflater.needsInput()) {
                idat.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            idat.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(1).putInt(1).put((byte) 8).put((byte) 0).put((byte) 0)
                .put((byte) 0).put((byte) 0).array());
        chunk(png, "IDAT", idat.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws Exception {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        png.write(t);
        png.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
