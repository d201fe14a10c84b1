package org.concert.server;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Runs tasks one at a time, in order, on a shared pool: the single writer of one match. It owns
 * no thread, so thousands of idle matches cost nothing; a task never runs concurrently with
 * another of the same executor, and what one task wrote the next one sees.
 */
final class SerialExecutor implements Executor {
  private static final Logger LOG = LogManager.getLogger(SerialExecutor.class);

  private final Executor pool;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  SerialExecutor(Executor pool) {
    this.pool = pool;
  }

  @Override
  public void execute(Runnable task) {
    queue.add(task);
    schedule();
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      pool.execute(this::drain);
    }
  }

  private void drain() {
    Runnable task;
    while ((task = queue.poll()) != null) {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        LOG.error("a match task failed", e);
      }
    }
    draining.set(false);
    if (!queue.isEmpty()) {
      schedule();
    }
  }
}
