package io.chfen.dataset.crawl;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/**
 * Per-host request pacing shared by everything in one JVM that talks to a host (page fetches,
 * robots.txt, media downloads): at most {@code concurrency} requests in flight per host, and
 * request starts at least {@code delayMs} apart. Hosts are independent, so different hosts are
 * crawled concurrently. Thread-safe.
 *
 * <p>The registry is per JVM on purpose: the crawl stage groups seeds by host, so one worker owns a
 * host and its limits hold across a cluster too. A host's concurrency is fixed by the first request
 * to it in the JVM (one job has one config); the delay is given with each request.
 */
public final class HostPoliteness {
  private static final ConcurrentMap<String, Host> HOSTS = new ConcurrentHashMap<>();

  private static final class Host {
    final Semaphore slots;
    long nextStartNanos;

    Host(int concurrency) {
      slots = new Semaphore(concurrency, true);
    }
  }

  /** A held request slot; close it when the response has been read. */
  public interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private HostPoliteness() {}

  /** Blocks until this host may be sent the next request, then holds one of its slots. */
  public static Permit acquire(String hostKey, int concurrency, long delayMs)
      throws InterruptedException {
    Host h = HOSTS.computeIfAbsent(hostKey, k -> new Host(concurrency));
    h.slots.acquire();
    try {
      long wait;
      synchronized (h) {
        long now = System.nanoTime();
        long start = Math.max(now, h.nextStartNanos);
        h.nextStartNanos = start + delayMs * 1_000_000L;
        wait = start - now;
      }
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
      }
    } catch (InterruptedException e) {
      h.slots.release();
      throw e;
    }
    return h.slots::release;
  }

  /**
   * Pushes this host's next start back, for a Retry-After or a backoff that applies to the host.
   */
  public static void pause(String hostKey, long ms) {
    Host h = HOSTS.get(hostKey);
    if (h != null) {
      synchronized (h) {
        h.nextStartNanos = Math.max(h.nextStartNanos, System.nanoTime() + ms * 1_000_000L);
      }
    }
  }
}
