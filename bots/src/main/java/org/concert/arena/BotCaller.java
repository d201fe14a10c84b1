package org.concert.arena;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Calls bot code on a thread of its own, within a time budget. A call that throws or runs over
 * returns null and is counted by the caller; a bot thread that does not come back is
 * abandoned (it is a daemon) and a fresh one serves the next call, so a hung bot costs its
 * own turns and never the match. One caller serves one arena thread.
 */
final class BotCaller implements AutoCloseable {
  /** How a call ended. */
  enum Outcome {
    OK,
    THREW,
    TIMED_OUT
  }

  record Answer<T>(T value, Outcome outcome, Throwable error) {}

  private static final AtomicInteger THREADS = new AtomicInteger();
  private ExecutorService worker = newWorker();

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "concert-bot-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  <T> Answer<T> call(Supplier<T> task, Duration budget) {
    Future<T> future = worker.submit(task::get);
    try {
      return new Answer<>(future.get(budget.toNanos(), TimeUnit.NANOSECONDS), Outcome.OK, null);
    } catch (TimeoutException e) {
      future.cancel(true);
      worker.shutdownNow();
      worker = newWorker();
      return new Answer<>(null, Outcome.TIMED_OUT, e);
    } catch (ExecutionException e) {
      return new Answer<>(null, Outcome.THREW, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      return new Answer<>(null, Outcome.THREW, e);
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
