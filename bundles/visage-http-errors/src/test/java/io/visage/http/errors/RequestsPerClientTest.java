package io.visage.http.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * A real Jetty on a free loopback port whose handler reads the whole body (a stalled upload holds its thread):
 * past the bound, one address's new requests get the JSON 429 at once while other addresses and idle
 * keep-alive connections are served.
 */
public class RequestsPerClientTest {
    private static final int BOUND = 3;
    private Server server;
    private RequestsPerClient limit;
    private int port;
    private final List<Socket> sockets = new ArrayList<>();

    @Before
    public void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);
        limit = new RequestsPerClient(BOUND);
        limit.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws IOException {
                request.getInputStream().readAllBytes();
                response.setStatus(200);
                response.getWriter().write("ok");
                base.setHandled(true);
            }
        });
        server.setHandler(limit);
        server.start();
        port = connector.getLocalPort();
    }

    @After
    public void stop() throws Exception {
        for (Socket socket : sockets) {
            socket.close();
        }
        server.stop();
    }

    @Test
    public void stalledUploadsPastTheBoundAreA429InJsonAndOtherClientsAreServed() throws Exception {
        InetAddress attacker = InetAddress.getByName("127.0.0.2");
        InetAddress other = InetAddress.getByName("127.0.0.1");
        for (int i = 0; i < BOUND; i++) {
            stalledUpload(attacker);
        }
        awaitInProgress(attacker, BOUND);
        Socket refused = stalledUpload(attacker);
        String answer = readAll(refused);
        assertTrue(answer, answer.startsWith("HTTP/1.1 429"));
        assertTrue(answer, answer.toLowerCase().contains("retry-after: 1"));
        assertTrue(answer, answer.toLowerCase().contains("connection: close"));
        assertTrue(answer, answer.endsWith("{\"status\":429,\"message\":\"" + RequestsPerClient.TOO_MANY + "\"}"));
        assertEquals(BOUND, limit.inProgressFrom(attacker));

        String served = readAll(get(other));
        assertTrue(served, served.startsWith("HTTP/1.1 200"));

        for (Socket socket : sockets) {
            socket.close(); // the stalled uploads end: their reads fail and their slots are freed
        }
        awaitInProgress(attacker, 0);
        String again = readAll(get(attacker));
        assertTrue(again, again.startsWith("HTTP/1.1 200"));
    }

    @Test
    public void idleKeepAliveConnectionsAreNotCounted() throws Exception {
        InetAddress client = InetAddress.getByName("127.0.0.1");
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < BOUND * 4; i++) {
            Socket socket = connect(client);
            idle.add(socket);
        }
        for (Socket socket : idle) { // each connection was open all along; one request at a time is in progress
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            String answer = readAll(socket);
            assertTrue(answer, answer.startsWith("HTTP/1.1 200"));
        }
    }

    private Socket connect(InetAddress from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 5_000);
        socket.setSoTimeout(10_000);
        sockets.add(socket);
        return socket;
    }

    private Socket stalledUpload(InetAddress from) throws IOException {
        Socket socket = connect(from);
        socket.getOutputStream().write(("POST /v1/users HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\npart")
                .getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    private Socket get(InetAddress from) throws IOException {
        Socket socket = connect(from);
        socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        return socket;
    }

    private static String readAll(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    private void awaitInProgress(InetAddress client, int expected) throws InterruptedException {
        for (int i = 0; i < 400 && limit.inProgressFrom(client) != expected; i++) {
            Thread.sleep(25);
        }
        assertEquals(expected, limit.inProgressFrom(client));
    }
}
