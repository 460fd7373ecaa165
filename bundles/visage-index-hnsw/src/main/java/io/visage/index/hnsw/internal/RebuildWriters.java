package io.visage.index.hnsw.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.apache.lucene.document.Document;

/**
 * Writes a rebuild's documents on several threads. Building the graph is most of a write's cost and Lucene
 * builds one graph per indexing thread, so a gallery rebuilt from storage is indexed on every core instead of
 * one. A template always goes to the same thread, so its writes keep their order. With one thread the caller
 * writes itself.
 */
final class RebuildWriters implements AutoCloseable {

    private static final Write END = new Write(null, 0, null);
    private static final int QUEUED_PER_THREAD = 256;

    private record Write(TenantShard shard, long templateId, Document document) {
    }

    private final List<BlockingQueue<Write>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Throwable failure;
    private volatile boolean abandoned;
    private boolean finished;

    RebuildWriters(int count) {
        if (count < 2) {
            return;
        }
        for (int i = 0; i < count; i++) {
            BlockingQueue<Write> queue = new ArrayBlockingQueue<>(QUEUED_PER_THREAD);
            Thread thread = new Thread(() -> drain(queue), "visage-index-hnsw-rebuild-" + (i + 1));
            thread.setDaemon(true);
            thread.setContextClassLoader(RebuildWriters.class.getClassLoader()); // Lucene's SPI, inside OSGi
            queues.add(queue);
            threads.add(thread);
            thread.start();
        }
    }

    /** Writes the document now or queues it; fails with the first failure of any writing thread. */
    void write(TenantShard shard, long templateId, Document document) throws IOException {
        if (queues.isEmpty()) {
            shard.writeStaged(templateId, document);
            return;
        }
        rethrow();
        BlockingQueue<Write> queue = queues.get(Math.floorMod(Long.hashCode(templateId), queues.size()));
        try {
            queue.put(new Write(shard, templateId, document));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("rebuild interrupted");
        }
    }

    /** Waits until everything queued is written. */
    void finish() throws IOException {
        finished = true;
        try {
            for (BlockingQueue<Write> queue : queues) {
                queue.put(END);
            }
            for (Thread thread : threads) {
                thread.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("rebuild interrupted");
        }
        rethrow();
    }

    /**
     * After a failure elsewhere: drops what is still queued and waits for the threads. They are not interrupted:
     * an interrupt inside Lucene's writer could leave it unusable for the rollback that follows.
     */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        abandoned = true;
        for (BlockingQueue<Write> queue : queues) {
            queue.clear();
            queue.offer(END); // room now: the only producer is this thread
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain(BlockingQueue<Write> queue) {
        try {
            for (Write write = queue.take(); write != END; write = queue.take()) {
                if (failure == null && !abandoned) {
                    write.shard().writeStaged(write.templateId(), write.document());
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt(); // nobody interrupts these threads; ends the thread
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
            queue.clear(); // the producer may be waiting for room
            drainAfterFailure(queue);
        }
    }

    /** Keeps taking (and dropping) until the end mark, so that {@link #write} and {@link #finish} never block. */
    private static void drainAfterFailure(BlockingQueue<Write> queue) {
        try {
            for (Write write = queue.take(); write != END; write = queue.take()) {
                // dropped: the rebuild fails and is rolled back
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private void rethrow() throws IOException {
        Throwable failed = failure;
        if (failed instanceof IOException io) {
            throw new IOException("a rebuild write failed: " + io.getMessage(), io);
        }
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed instanceof Error error) {
            throw error;
        }
    }
}
