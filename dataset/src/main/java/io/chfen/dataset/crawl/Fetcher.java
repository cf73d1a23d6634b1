package io.chfen.dataset.crawl;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.jsoup.Connection;
import org.jsoup.Jsoup;

/**
 * Polite HTTP with Jsoup: robots.txt honoured (cached per host), per-host pacing through {@link
 * HostPoliteness}, exponential backoff with full jitter on 429/5xx/timeouts that honours
 * Retry-After, a body-size cap, redirects followed by hand (bounded, loops detected, never off the
 * allowed hosts), http(s) only. Thread-safe: one instance serves all of a crawl's threads.
 */
public final class Fetcher {

  /** A fetched body. */
  public record Page(
      String requestedUrl,
      String finalUrl,
      int status,
      String contentType,
      byte[] body,
      int attempts,
      long millis) {}

  /** Reads a streamed body while the host's slot is held. */
  @FunctionalInterface
  public interface BodyReader<T> {
    T read(InputStream body, String contentType, long contentLength)
        throws IOException, FetchException;
  }

  private final CrawlConfig.Fetch cfg;
  private final CrawlConfig.Politeness pol;
  private final Set<String> allowedHosts;
  private final ConcurrentMap<String, CompletableFuture<RobotsTxt>> robots =
      new ConcurrentHashMap<>();

  public Fetcher(CrawlConfig config, Set<String> allowedHosts) {
    this.cfg = config.fetch;
    this.pol = config.politeness;
    this.allowedHosts = Set.copyOf(allowedHosts);
  }

  /** Fetches a page, sitemap or JSON endpoint whole (at most {@code maxBodyBytes}). */
  public Page fetch(String url) throws FetchException, InterruptedException {
    long t0 = System.nanoTime();
    Hop hop = follow(url, false, null);
    byte[] body;
    try {
      body = hop.response.bodyAsBytes();
    } catch (Exception e) {
      throw failure(url, e, hop.attempts);
    } finally {
      hop.permit.close();
    }
    if (body.length > cfg.maxBodyBytes) {
      throw new FetchException(
          url,
          "body_too_large",
          "body exceeds " + cfg.maxBodyBytes + " bytes",
          hop.response.statusCode(),
          hop.attempts);
    }
    return new Page(
        url,
        hop.url,
        hop.response.statusCode(),
        hop.response.contentType(),
        body,
        hop.attempts,
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** Streams a large body (media) through {@code reader}, with no size cap of its own. */
  public <T> T stream(String url, int timeoutMs, BodyReader<T> reader)
      throws FetchException, InterruptedException {
    Hop hop = follow(url, true, timeoutMs);
    try (InputStream in = hop.response.bodyStream()) {
      String len = hop.response.header("Content-Length");
      long contentLength = len == null ? -1 : parseLongOr(len, -1);
      return reader.read(in, hop.response.contentType(), contentLength);
    } catch (IOException e) {
      throw failure(url, e, hop.attempts);
    } finally {
      hop.permit.close();
    }
  }

  /**
   * The robots.txt rules in force for a URL's host: fetched once per origin, however many threads
   * ask at the same time (the others wait for the one fetch).
   */
  public RobotsTxt robotsFor(String url) throws InterruptedException {
    URI u = URI.create(url);
    String origin = u.getScheme() + "://" + Normalize.hostKey(url);
    while (true) {
      CompletableFuture<RobotsTxt> mine = new CompletableFuture<>();
      CompletableFuture<RobotsTxt> known = robots.putIfAbsent(origin, mine);
      if (known == null) {
        try {
          mine.complete(loadRobots(origin));
        } catch (InterruptedException e) {
          robots.remove(origin, mine); // nobody decided: the next caller fetches it again
          mine.completeExceptionally(e);
          throw e;
        }
        return mine.join();
      }
      try {
        return known.get();
      } catch (ExecutionException e) {
        // the thread fetching it was interrupted; this one tries itself
      }
    }
  }

  /** Most redirects followed for robots.txt (RFC 9309 §2.3.1.2: at least five). */
  static final int ROBOTS_MAX_REDIRECTS = 5;

  private RobotsTxt loadRobots(String origin) throws InterruptedException {
    String current = origin + "/robots.txt";
    try {
      for (int hop = 0; hop <= ROBOTS_MAX_REDIRECTS; hop++) {
        Hop h = execute(current, false, null, true);
        try {
          int s = h.response.statusCode();
          if (s >= 200 && s < 300) {
            return RobotsTxt.parse(h.response.body(), cfg.userAgent);
          }
          String next =
              s >= 300 && s < 400 && h.response.hasHeader("Location")
                  ? Normalize.absoluteUrl(current, h.response.header("Location")).orElse(null)
                  : null;
          String scheme = next == null ? null : URI.create(next).getScheme();
          if (!"http".equals(scheme) && !"https".equals(scheme)) {
            return RobotsTxt.ALLOW_ALL; // §2.3.1.3: no usable file (4xx, a dead-end redirect)
          }
          current = next; // §2.3.1.2: redirects are followed, across authorities too
        } finally {
          h.permit.close();
        }
      }
      return RobotsTxt.ALLOW_ALL; // more than five redirects: unavailable, like a 4xx
    } catch (FetchException e) {
      // RFC 9309 §2.3.1.4: an unreachable robots.txt (5xx, network) means "disallow all".
      return e.httpStatus() != null && e.httpStatus() < 500
          ? RobotsTxt.ALLOW_ALL
          : RobotsTxt.DISALLOW_ALL;
    } catch (RuntimeException e) {
      return RobotsTxt.DISALLOW_ALL;
    }
  }

  /** Whether a URL may be fetched at all: http(s), an allowed host, robots.txt. Null if yes. */
  public String refusal(String url) throws InterruptedException {
    String r = localRefusal(url);
    if (r == null && cfg.respectRobots && !robotsFor(url).allows(url)) {
      return "robots_disallowed";
    }
    return r;
  }

  /** The refusals known without a request: the scheme and the host allowlist. Null if neither. */
  public String localRefusal(String url) {
    String scheme = URI.create(url).getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      return "unsupported_scheme";
    }
    return isAllowedHost(url) ? null : "off_allowlist";
  }

  public boolean isAllowedHost(String url) {
    String key = Normalize.hostKey(url);
    String host = URI.create(url).getHost().toLowerCase(Locale.ROOT);
    return allowedHosts.contains(key) || allowedHosts.contains(host);
  }

  private record Hop(
      String url, Connection.Response response, HostPoliteness.Permit permit, int attempts) {}

  private Hop follow(String url, boolean stream, Integer timeoutMs)
      throws FetchException, InterruptedException {
    Set<String> seen = new LinkedHashSet<>();
    String current = url;
    int attempts = 0;
    for (int hop = 0; hop <= cfg.maxRedirects; hop++) {
      if (!seen.add(current)) {
        throw new FetchException(
            url,
            "redirect_loop",
            "redirect loop: " + String.join(" -> ", seen) + " -> " + current,
            null,
            attempts);
      }
      String refused = refusal(current);
      if (refused != null) {
        String reason =
            hop > 0 && refused.equals("off_allowlist") ? "redirect_off_allowlist" : refused;
        throw new FetchException(
            url, reason, reason.replace('_', ' ') + ": " + current, null, attempts);
      }
      Hop h = execute(current, stream, timeoutMs, false);
      attempts += h.attempts;
      int s = h.response.statusCode();
      if (s >= 300 && s < 400 && h.response.hasHeader("Location")) {
        String next = Normalize.absoluteUrl(current, h.response.header("Location")).orElse(null);
        h.permit.close();
        if (next == null) {
          throw new FetchException(
              url,
              "bad_redirect",
              "unusable Location: " + h.response.header("Location"),
              s,
              attempts);
        }
        current = next;
        continue;
      }
      return new Hop(current, h.response, h.permit, attempts);
    }
    throw new FetchException(
        url, "too_many_redirects", "more than " + cfg.maxRedirects + " redirects", null, attempts);
  }

  /** One URL, with retries; the returned permit must be closed after reading the body. */
  private Hop execute(String url, boolean stream, Integer timeoutMs, boolean robotsFile)
      throws FetchException, InterruptedException {
    String host = Normalize.hostKey(url);
    long delay = pol.perHostDelayMs;
    if (cfg.respectRobots && !robotsFile) { // robots.txt itself waits for no robots.txt
      delay = Math.max(delay, robotsFor(url).crawlDelayMs());
    }
    for (int attempt = 1; ; attempt++) {
      HostPoliteness.Permit permit = HostPoliteness.acquire(host, pol.perHostConcurrency, delay);
      boolean keep = false;
      try {
        Connection.Response r =
            Jsoup.connect(url)
                .userAgent(cfg.userAgent)
                .timeout(timeoutMs != null ? timeoutMs : cfg.timeoutMs)
                .maxBodySize(stream ? 0 : cfg.maxBodyBytes + 1)
                .followRedirects(false)
                .ignoreHttpErrors(true)
                .ignoreContentType(true)
                .method(Connection.Method.GET)
                .execute();
        int s = r.statusCode();
        if (s == 429 || s >= 500) {
          Long retryAfter = retryAfterMs(r.header("Retry-After"));
          if (attempt > cfg.maxRetries) {
            throw new FetchException(
                url, "http_" + s, "HTTP " + s + " after " + attempt + " attempts", s, attempt);
          }
          if (retryAfter != null && retryAfter > cfg.maxRetryAfterMs) {
            throw new FetchException(
                url,
                "retry_after_too_long",
                "Retry-After " + retryAfter + " ms > " + cfg.maxRetryAfterMs + " ms",
                s,
                attempt);
          }
          HostPoliteness.pause(host, retryAfter != null ? retryAfter : backoffMs(attempt));
          continue;
        }
        if (s >= 400) {
          throw new FetchException(url, "http_" + s, "HTTP " + s, s, attempt);
        }
        if (!stream) {
          String len = r.header("Content-Length");
          if (len != null && parseLongOr(len, 0) > cfg.maxBodyBytes) {
            throw new FetchException(
                url,
                "body_too_large",
                "Content-Length " + len + " > " + cfg.maxBodyBytes + " bytes",
                s,
                attempt);
          }
        }
        keep = true;
        return new Hop(url, r, permit, attempt);
      } catch (SocketTimeoutException | HttpTimeoutException e) {
        // Jsoup reads through java.net.http on Java 11+, which times out with HttpTimeoutException
        if (attempt > cfg.maxRetries) {
          throw new FetchException(
              url,
              "timeout",
              "no answer within "
                  + (timeoutMs != null ? timeoutMs : cfg.timeoutMs)
                  + " ms ("
                  + attempt
                  + " attempts)",
              null,
              attempt);
        }
        HostPoliteness.pause(host, backoffMs(attempt));
      } catch (IOException e) {
        FetchException f = failure(url, e, attempt);
        if (attempt > cfg.maxRetries
            || f.reason().equals("unknown_host")
            || f.reason().equals("unsupported_content")) {
          throw f;
        }
        HostPoliteness.pause(host, backoffMs(attempt));
      } finally {
        if (!keep) {
          permit.close();
        }
      }
    }
  }

  /** Full jitter: uniform in [0, min(max, base·2^(attempt-1))]. */
  long backoffMs(int attempt) {
    long cap = Math.min(cfg.backoffMaxMs, cfg.backoffBaseMs << Math.min(20, attempt - 1));
    return ThreadLocalRandom.current().nextLong(cap + 1);
  }

  /** Retry-After as delay-seconds or an HTTP-date; null if absent or unreadable. */
  static Long retryAfterMs(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.trim();
    if (h.matches("\\d+")) {
      return Long.parseLong(h) * 1000;
    }
    try {
      Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      return Math.max(0, at.toEpochMilli() - System.currentTimeMillis());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static FetchException failure(String url, Exception ex, int attempts) {
    Throwable e =
        ex instanceof java.io.UncheckedIOException && ex.getCause() != null ? ex.getCause() : ex;
    String reason;
    if (e instanceof SocketTimeoutException || e instanceof HttpTimeoutException) {
      reason = "timeout";
    } else if (e instanceof UnknownHostException) {
      reason = "unknown_host";
    } else if (e instanceof ConnectException) {
      reason = "connection_refused";
    } else {
      reason = "io_error";
    }
    return new FetchException(
        url, reason, e.getClass().getSimpleName() + ": " + e.getMessage(), null, attempts);
  }

  private static long parseLongOr(String s, long fallback) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
