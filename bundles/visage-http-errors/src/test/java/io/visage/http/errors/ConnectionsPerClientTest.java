package io.visage.http.errors;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/** A real Jetty on a free loopback port: the connection past the bound is closed before a request is read. */
public class ConnectionsPerClientTest {
    private Server server;
    private ConnectionsPerClient limit;
    private int port;

    @Before
    public void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new AbstractHandler() {
            @Override
            public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                    throws java.io.IOException {
                response.setStatus(200);
                response.getWriter().write("ok");
                base.setHandled(true);
            }
        });
        limit = new ConnectionsPerClient(server, 2);
        server.addBean(limit);
        server.start();
        port = connector.getLocalPort();
    }

    @After
    public void stop() throws Exception {
        server.stop();
    }

    @Test
    public void aClientPastTheBoundIsClosedAndTheOthersAreServed() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (Socket first = new Socket(loopback, port); Socket second = new Socket(loopback, port)) {
            awaitOpen(loopback, 2);
            try (Socket third = new Socket(loopback, port)) {
                third.setSoTimeout(10_000);
                assertEquals("closed before any request", -1, readOrEof(third.getInputStream()));
            }
            assertTrue(get(second).startsWith("HTTP/1.1 200"));
        }
        awaitOpen(loopback, 0);
        try (Socket again = new Socket(loopback, port)) {
            assertTrue(get(again).startsWith("HTTP/1.1 200"));
        }
    }

    private void awaitOpen(InetAddress client, int expected) throws InterruptedException {
        for (int i = 0; i < 200 && limit.openFrom(client) != expected; i++) {
            Thread.sleep(25);
        }
        assertEquals(expected, limit.openFrom(client));
    }

    private static int readOrEof(InputStream in) throws java.io.IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    private static String get(Socket socket) throws Exception {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
}
