package org.concert.arena;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;


/**
 * Plays many prepared matches at once and returns their results by index, so that what is
 * computed from them does not depend on the number of threads. A slot is given back when a
 * match completes, on whichever thread completed it, so a thread left stuck inside a hung bot
 * never costs a slot.
 */
final class Matches {
  private Matches() {}

  /**
   * Plays `count` matches and keeps what `keep` makes of each as soon as it ends (so that the
   * finished states, which hold whole histories, need not stay in memory).
   */
  static <T> List<T> play(int count, int threads, IntFunction<HeadlessMatch.Match> prepare,
      java.util.function.BiFunction<Integer, HeadlessMatch.Result, T> keep,
      Tournament.Progress progress) {
    Object[] results = new Object[count];
    Semaphore slots = new Semaphore(threads);
    AtomicInteger finished = new AtomicInteger();
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "concert-arena");
      t.setDaemon(true);
      return t;
    });
    try {
      List<CompletableFuture<?>> futures = new ArrayList<>();
      for (int g = 0; g < count; g++) {
        slots.acquire();
        int index = g;
        HeadlessMatch.Match m = prepare.apply(index);
        futures.add(m.result().handle((r, error) -> {
          slots.release();
          if (error != null) {
            throw new IllegalStateException("match " + index + " failed: " + error, error);
          }
          results[index] = keep.apply(index, r);
          int done = finished.incrementAndGet();
          if (progress != null) {
            progress.update(done, count);
          }
          return r;
        }));
        pool.execute(m::run);
      }
      for (CompletableFuture<?> f : futures) {
        f.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (CompletionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdown();
    }
    List<T> out = new ArrayList<>(count);
    for (Object o : results) {
      @SuppressWarnings("unchecked")
      T t = (T) o;
      out.add(t);
    }
    return out;
  }
}
