package io.visage.core.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a request's side task (liveness beside the template) on an idle core, or on the calling thread when none
 * is idle: it never queues, so under full load requests run as they did one stage after another, and at low load
 * a request uses the second core. One thread fewer than the processors: the request's own thread is busy too.
 */
final class SpareCores implements Executor, AutoCloseable {
    private final ThreadPoolExecutor pool;

    SpareCores() {
        this(Runtime.getRuntime().availableProcessors() - 1);
    }

    SpareCores(int threads) {
        AtomicInteger count = new AtomicInteger();
        pool = threads < 1 ? null : new ThreadPoolExecutor(0, threads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "visage-spare-core-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    @Override
    public void execute(Runnable task) {
        if (pool == null || pool.isShutdown()) {
            task.run();
        } else {
            pool.execute(task);
        }
    }

    /** Tasks already running finish (their requests wait for them); new ones run on their caller. */
    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
