package io.visage.http.errors;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound on the connections one client address holds open at once: past it, a new connection from that
 * address is closed as soon as it opens, before any request is read, so a client holding many stalled uploads
 * cannot take every server thread from the others. Declared as a bean of the Server in {@code visage-jetty.xml};
 * it attaches itself to every connector when the server starts (the connectors exist by then).
 */
public class ConnectionsPerClient extends AbstractLifeCycle implements Connection.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionsPerClient.class);
    private static final long LOG_EVERY_MILLIS = 60_000;

    private final Server server;
    private final int maxPerClient;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final Set<Connection> counted = ConcurrentHashMap.newKeySet();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong();

    public ConnectionsPerClient(Server server, int maxPerClient) {
        this.server = server;
        this.maxPerClient = maxPerClient;
    }

    @Override
    protected void doStart() throws Exception {
        for (Connector connector : server == null ? new Connector[0] : server.getConnectors()) {
            if (connector instanceof ContainerLifeCycle) {
                ((ContainerLifeCycle) connector).addBean(this, false);
            }
        }
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        for (Connector connector : server == null ? new Connector[0] : server.getConnectors()) {
            if (connector instanceof ContainerLifeCycle) {
                ((ContainerLifeCycle) connector).removeBean(this);
            }
        }
        super.doStop();
    }

    @Override
    public void onOpened(Connection connection) {
        InetAddress client = client(connection);
        if (client == null || maxPerClient <= 0) {
            return;
        }
        boolean[] admitted = new boolean[1];
        open.compute(client, (key, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < maxPerClient;
            return admitted[0] ? current + 1 : count;
        });
        if (!admitted[0]) {
            long total = refused.incrementAndGet();
            long now = System.currentTimeMillis();
            long last = lastLog.get();
            if (now - last >= LOG_EVERY_MILLIS && lastLog.compareAndSet(last, now)) {
                LOG.warn("Client {} holds {} connections, the most allowed: new ones are closed ({} so far)",
                        client.getHostAddress(), maxPerClient, total);
            }
            connection.getEndPoint().close();
            return;
        }
        counted.add(connection);
    }

    @Override
    public void onClosed(Connection connection) {
        if (!counted.remove(connection)) {
            return;
        }
        InetAddress client = client(connection);
        if (client != null) {
            open.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
        }
    }

    /** Connections open now from the address (for tests and diagnostics). */
    public int openFrom(InetAddress client) {
        return open.getOrDefault(client, 0);
    }

    private static InetAddress client(Connection connection) {
        InetSocketAddress remote = connection.getEndPoint() == null ? null : connection.getEndPoint().getRemoteAddress();
        return remote == null ? null : remote.getAddress();
    }
}
