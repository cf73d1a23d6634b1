package io.chfen.pipelines;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live counters of this JVM's work, for the CLI's progress line. Beam metrics are committed per
 * bundle, so a long crawl of one host would show nothing until it ends; these move as work happens.
 * On a remote cluster the workers' counters stay on the workers and the CLI falls back to Beam
 * metrics. Thread-safe.
 */
public final class Progress {
  private static final ConcurrentMap<String, AtomicLong> COUNTERS = new ConcurrentHashMap<>();

  private Progress() {}

  public static void inc(String name) {
    add(name, 1);
  }

  public static void add(String name, long n) {
    COUNTERS.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(n);
  }

  public static long get(String name) {
    AtomicLong v = COUNTERS.get(name);
    return v == null ? 0 : v.get();
  }

  public static Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    COUNTERS.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  public static void reset() {
    COUNTERS.clear();
  }
}
