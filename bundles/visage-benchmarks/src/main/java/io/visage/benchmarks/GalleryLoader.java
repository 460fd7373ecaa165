package io.visage.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.visage.api.index.IndexEntry;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.NewFace;
import io.visage.storage.jdbc.internal.JdbcGalleryStore;

/**
 * Fills a stopped instance's database with a synthetic gallery through the storage API ({@link GalleryStore}
 * as the platform's storage bundle implements it: one transaction per user and per added face, each logged in
 * the user history and the change feed as an enrolment would be), for end-to-end 1:N measurements on galleries
 * too large to enrol over HTTP. Users are {@code SyntheticGallery}'s ({@code person-N}, 4 templates each for the
 * {@code clustered} and {@code real} sets), tagged with the embedding model the instance matches with.
 *
 * <pre>
 * java -cp benchmarks.jar io.visage.benchmarks.GalleryLoader --url jdbc:derby:INSTANCE/data/visage/derby
 *     --tenant API_USER_NAME --templates 1000000 [--dataset real] [--model fr_feature:0.0.1] [--threads 2]
 *     [--prefix person-]
 * </pre>
 * Derby: the instance must be stopped (an embedded database has one owner). The load runs with Derby's
 * {@code derby.system.durability=test} unless {@code -Dderby.system.durability} says otherwise (no log sync
 * per commit: a crash of the loader may leave the database unusable, so keep a copy of one that matters), and
 * shuts Derby down cleanly at the end. PostgreSQL: pass its URL, {@code -Dvisage.jdbc.user} and
 * {@code -Dvisage.jdbc.password}.
 */
public final class GalleryLoader {

    private static final int BATCH_USERS = 64;

    private GalleryLoader() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = options(args);
        String url = required(opts, "url");
        String tenantName = required(opts, "tenant");
        int templates = Integer.parseInt(required(opts, "templates"));
        String dataset = opts.getOrDefault("dataset", "real");
        String[] model = opts.getOrDefault("model", "fr_feature:0.0.1").split(":", 2);
        int threads = Integer.parseInt(opts.getOrDefault("threads", "2"));
        String prefix = opts.getOrDefault("prefix", "person-");
        boolean derby = url.startsWith("jdbc:derby:");
        if (derby && System.getProperty("derby.system.durability") == null) {
            System.setProperty("derby.system.durability", "test");
        }
        String user = System.getProperty("visage.jdbc.user");
        String password = System.getProperty("visage.jdbc.password");
        long tenant = tenantId(url, user, password, tenantName);
        GalleryStore store = new JdbcGalleryStore(() -> user == null
                ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, password));

        SyntheticGallery gallery = new SyntheticGallery(dataset, templates, 512);
        BlockingQueue<List<List<IndexEntry>>> batches = new ArrayBlockingQueue<>(threads * 4);
        List<List<IndexEntry>> poison = List.of();
        AtomicLong written = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread writer = new Thread(() -> {
                try {
                    // until the end of the stream, or another writer failed
                    for (List<List<IndexEntry>> batch; (batch = batches.poll(1, TimeUnit.SECONDS)) != poison
                            && failure.get() == null;) {
                        for (List<IndexEntry> userTemplates : batch == null ? List.<List<IndexEntry>>of() : batch) {
                            write(store, tenant, prefix, model, userTemplates);
                            long n = written.addAndGet(userTemplates.size());
                            if (n / 50_000 != (n - userTemplates.size()) / 50_000) {
                                double seconds = (System.nanoTime() - start) / 1e9;
                                System.out.printf("%,d templates written, %.0f s, %.0f/s%n", n, seconds, n / seconds);
                            }
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "gallery-loader-" + t);
            writer.start();
            writers.add(writer);
        }

        // a user's templates are consecutive in the generator's stream
        Iterator<IndexEntry> entries = gallery.entries().iterator();
        List<List<IndexEntry>> batch = new ArrayList<>();
        List<IndexEntry> current = new ArrayList<>();
        while (entries.hasNext() && failure.get() == null) {
            IndexEntry entry = entries.next();
            if (!current.isEmpty() && !current.get(0).userReference().equals(entry.userReference())) {
                batch.add(current);
                current = new ArrayList<>();
                if (batch.size() == BATCH_USERS) {
                    hand(batches, batch, failure);
                    batch = new ArrayList<>();
                }
            }
            current.add(entry);
        }
        if (!current.isEmpty()) {
            batch.add(current);
        }
        hand(batches, batch, failure);
        for (int t = 0; t < threads; t++) {
            hand(batches, poison, failure);
        }
        for (Thread writer : writers) {
            writer.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (derby) {
            shutDownDerby();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the load stopped after " + written.get() + " templates", failure.get());
        }
        System.out.printf("%s: %,d templates of %s written for tenant %s (id %d) in %.1f s (%.0f/s), model %s:%s%n",
                dataset, written.get(), dataset, tenantName, tenant, seconds, written.get() / seconds, model[0],
                model[1]);
    }

    /** Queues work for the writers; gives up once one of them failed (the others may be gone too). */
    private static <T> void hand(BlockingQueue<T> queue, T item, AtomicReference<Throwable> failure)
            throws InterruptedException {
        while (failure.get() == null && !queue.offer(item, 1, TimeUnit.SECONDS)) {
            // the writers are busy: wait
        }
    }

    private static void write(GalleryStore store, long tenant, String prefix, String[] model,
            List<IndexEntry> userTemplates) {
        String reference = prefix + userTemplates.get(0).userReference().substring("person-".length());
        store.createUser(tenant, reference, face(model, userTemplates.get(0)));
        for (IndexEntry sample : userTemplates.subList(1, userTemplates.size())) {
            store.addFace(tenant, reference, face(model, sample))
                    .orElseThrow(() -> new IllegalStateException(reference + " vanished while it was loaded"));
        }
    }

    private static NewFace face(String[] model, IndexEntry entry) {
        return new NewFace(model[0], model[1], entry.vector(), Optional.empty());
    }

    private static long tenantId(String url, String user, String password, String name) throws SQLException {
        try (Connection c = user == null ? DriverManager.getConnection(url)
                : DriverManager.getConnection(url, user, password);
                PreparedStatement ps = c.prepareStatement("SELECT id FROM api_users WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no API user " + name + " in " + url
                            + " (create it first: visage:api-user-add " + name + ")");
                }
                return rs.getLong(1);
            }
        }
    }

    private static void shutDownDerby() {
        try {
            DriverManager.getConnection("jdbc:derby:;shutdown=true");
        } catch (SQLException expected) {
            // Derby reports a clean shutdown as SQLState XJ015
            if (!"XJ015".equals(expected.getSQLState())) {
                throw new IllegalStateException("Derby did not shut down cleanly", expected);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new TreeMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + args[i]);
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String value = opts.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
