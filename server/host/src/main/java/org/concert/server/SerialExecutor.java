package org.concert.server;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.CloseableThreadContext;
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
  private final String match;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();

  /** @param match the match id every log line of its tasks carries */
  SerialExecutor(Executor pool, String match) {
    this.pool = pool;
    this.match = match;
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
    try (var context = CloseableThreadContext.put("match", match)) {
      Runnable task;
      while ((task = queue.poll()) != null) {
        try {
          task.run();
        } catch (RuntimeException | Error e) {
          LOG.error("a match task failed", e);
        }
      }
    }
    draining.set(false);
    if (!queue.isEmpty()) {
      schedule();
    }
  }
}
