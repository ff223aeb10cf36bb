package org.aistudio.core.jdbc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed set of threads for blocking database work that hands each task to the thread that went
 * idle last.
 *
 * <p>A thread pool's usual queue wakes the thread that has waited longest, so at a low rate of
 * work every thread takes its turn. A connection pool such as HikariCP gives each thread back the
 * connection it used last; taking turns, each connection then sits idle long enough to be checked
 * with one more round trip before it is used again (HikariCP checks one idle for more than 500 ms),
 * and that round trip lands on the way to a chat's first token. Here the same few threads, and the
 * connections they hold, do the work until the load needs more of them.
 *
 * <p>Tasks that find every thread busy wait in a bounded backlog, first in, first out; a task
 * arriving at a full backlog, or after {@link #shutdown()}, is refused with a
 * {@link RejectedExecutionException}. A task that throws is reported to its thread's uncaught
 * exception handler, and the thread goes on.
 */
public final class WarmThreadsExecutor extends AbstractExecutorService {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition terminated = lock.newCondition();
    private final ArrayDeque<Runnable> backlog = new ArrayDeque<>();
    /** Tasks given through {@link #ahead()}, taken before the backlog's. */
    private final ArrayDeque<Runnable> front = new ArrayDeque<>();
    private final int backlogCapacity;
    /** Idle workers, the one that went idle last on top. */
    private final ArrayDeque<Worker> idle = new ArrayDeque<>();
    private final List<Worker> workers = new ArrayList<>();
    private boolean shutdown;
    private int alive;

    /**
     * @param threads how many threads (started now)
     * @param backlogCapacity how many tasks may wait for a thread
     */
    public WarmThreadsExecutor(int threads, int backlogCapacity, ThreadFactory threadFactory) {
        if (threads < 1 || backlogCapacity < 0) {
            throw new IllegalArgumentException("threads must be positive and the backlog not negative");
        }
        this.backlogCapacity = backlogCapacity;
        Objects.requireNonNull(threadFactory, "threadFactory");
        for (int i = 0; i < threads; i++) {
            Worker worker = new Worker();
            worker.thread = threadFactory.newThread(worker);
            workers.add(worker);
        }
        alive = threads;
        workers.forEach(w -> w.thread.start());
    }

    @Override
    public void execute(Runnable task) {
        enqueue(task, false);
    }

    /**
     * The same threads for work that must not wait behind the backlog: its tasks are taken, in
     * the order they came, by the next threads that finish their tasks, before any in the
     * backlog, and are refused only after {@link #shutdown()}. For the few periodic tasks that
     * keep the rest alive, such as heartbeats while a burst of requests fills the backlog;
     * anything more would starve the backlog.
     */
    public Executor ahead() {
        return task -> enqueue(task, true);
    }

    private void enqueue(Runnable task, boolean ahead) {
        Objects.requireNonNull(task, "task");
        lock.lock();
        try {
            if (shutdown) {
                throw new RejectedExecutionException("the executor is shut down");
            }
            Worker worker = idle.pollFirst();
            if (worker != null) {
                worker.stacked = false;
                worker.next = task;
                worker.wake.signal();
            } else if (ahead) {
                front.addLast(task);
            } else if (backlog.size() < backlogCapacity) {
                backlog.addLast(task);
            } else {
                throw new RejectedExecutionException("all " + workers.size() + " threads are busy and "
                        + backlogCapacity + " tasks are waiting");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Threads waiting for work now. */
    public int idleThreads() {
        lock.lock();
        try {
            return idle.size();
        } finally {
            lock.unlock();
        }
    }

    /** Tasks waiting for a thread now, ahead of the backlog or in it. */
    public int backlog() {
        lock.lock();
        try {
            return front.size() + backlog.size();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new tasks; the threads finish the waiting ones, then end. */
    @Override
    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            idle.forEach(w -> w.wake.signal());
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new tasks, interrupts the running ones and returns those that were waiting. */
    @Override
    public List<Runnable> shutdownNow() {
        List<Runnable> waiting;
        lock.lock();
        try {
            shutdown = true;
            waiting = new ArrayList<>(front);
            waiting.addAll(backlog);
            front.clear();
            backlog.clear();
            idle.forEach(w -> w.wake.signal());
        } finally {
            lock.unlock();
        }
        workers.forEach(w -> w.thread.interrupt());
        return waiting;
    }

    @Override
    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isTerminated() {
        lock.lock();
        try {
            return shutdown && alive == 0;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!(shutdown && alive == 0)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = terminated.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private final class Worker implements Runnable {

        private final Condition wake = lock.newCondition();
        private Thread thread;
        /** A task handed to this worker while it was idle; guarded by the lock, as is {@link #stacked}. */
        private Runnable next;
        /** Whether this worker is on the idle stack. */
        private boolean stacked;

        @Override
        public void run() {
            try {
                for (Runnable task = take(); task != null; task = take()) {
                    try {
                        task.run();
                    } catch (Throwable e) {
                        thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
                    }
                }
            } finally {
                lock.lock();
                try {
                    alive--;
                    terminated.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        /** The next task, waiting on top of the idle stack for one; null once shut down and drained. */
        private Runnable take() {
            lock.lock();
            try {
                while (true) {
                    if (next != null) {
                        Runnable task = next;
                        next = null;
                        return task;
                    }
                    Runnable task = front.isEmpty() ? backlog.pollFirst() : front.pollFirst();
                    if (task != null) {
                        return task;
                    }
                    if (shutdown) {
                        if (stacked) {
                            idle.remove(this);
                        }
                        return null;
                    }
                    if (!stacked) {
                        stacked = true;
                        idle.addFirst(this);
                    }
                    wake.awaitUninterruptibly();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
