package io.chfen.sample.site;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsoup.nodes.Entities;

/**
 * The bundled sample short-video site, served over real HTTP by the JDK's HTTP server: listing
 * pages with pagination, a robots.txt with a disallowed path, a video sitemap, video pages in every
 * metadata style (JSON-LD, JSON-LD @graph, OpenGraph only, microdata, CSS-selector only, script
 * JSON state, a JSON endpoint), Chinese and English titles, and the broken cases a crawler meets:
 * malformed HTML, missing fields, 404, 500 then 200, 429 with Retry-After, a page slower than the
 * timeout, a redirect loop, an oversized page, a media URL that answers with HTML, an always-500
 * page, a link to a host that is not allowed.
 *
 * <p>The 500-then-200 and 429-then-200 pages fail only on their first request to this instance.
 */
public final class SampleSite implements AutoCloseable {
  static final int PAGE_SIZE = 8;

  /** Body of /huge, above the default 2 MiB page cap. */
  static final int HUGE_BYTES = 3 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server leaves Nagle's algorithm on, which with delayed ACKs costs every response
    // ~40 ms on loopback; a real site's server would not, so neither does the sample.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Path mediaDir;
  private final long slowMs;
  private final List<SampleVideo> videos;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<Map.Entry<String, Long>> requestLog = new ArrayList<>();
  private final String base;
  private final int benchVideos;

  private SampleSite(String bind, int port, Path mediaDir, long slowMs, int benchVideos)
      throws IOException {
    this.mediaDir = mediaDir;
    this.slowMs = slowMs;
    this.benchVideos = benchVideos;
    this.videos = catalog();
    this.server = HttpServer.create(new InetSocketAddress(bind, port), 64);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "sample-site");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.base = "http://" + bind + ":" + server.getAddress().getPort();
  }

  /**
   * Starts the site on {@code bind} (a loopback address) and {@code port} (0 for any free one).
   *
   * @param mediaDir where the media files lie (the sample corpus: {@link SampleData#corpus})
   * @param slowMs how long /slow waits before answering
   */
  public static SampleSite start(String bind, int port, Path mediaDir, long slowMs)
      throws IOException {
    return new SampleSite(bind, port, mediaDir, slowMs, 0);
  }

  /**
   * Also serves a synthetic section for benchmarks: {@code /bench/list/1} starts a paginated
   * listing of {@code benchVideos} JSON-LD video pages of realistic weight ({@code /bench/v/N}).
   */
  public static SampleSite startWithBenchPages(
      String bind, int port, Path mediaDir, int benchVideos) throws IOException {
    return new SampleSite(bind, port, mediaDir, 4000, benchVideos);
  }

  public String baseUrl() {
    return base;
  }

  /** The demo's seeds: the home page (a redirect to the first listing page) and the sitemap. */
  public List<String> seeds() {
    return List.of(base + "/", base + "/sitemap.xml");
  }

  /** Requests this instance has answered for a path. */
  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** When each request arrived (System.nanoTime), in arrival order, with its path. */
  public List<Map.Entry<String, Long>> requests() {
    synchronized (requestLog) {
      return List.copyOf(requestLog);
    }
  }

  /**
   * The crawl config for this site (its host, its site profile, the filters its catalog's outcomes
   * assume), YAML: the demo crawls with it.
   */
  public static String crawlConfigYaml() {
    try (InputStream in = SampleSite.class.getResourceAsStream("sample-crawl.yaml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sample site's crawl config", e);
    }
  }

  public static List<SampleVideo> catalog() {
    try (InputStream in = SampleSite.class.getResourceAsStream("catalog.yaml")) {
      ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
      SampleVideo[] v = yaml.treeToValue(yaml.readTree(in).get("videos"), SampleVideo[].class);
      return List.of(v);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sample catalog", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ---- routing ------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    int hit = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    synchronized (requestLog) {
      requestLog.add(Map.entry(path, System.nanoTime()));
    }
    try (ex) {
      if (path.equals("/")) {
        redirect(ex, "/list/1");
      } else if (path.equals("/robots.txt")) {
        text(
            ex,
            200,
            "text/plain",
            "User-agent: *\nDisallow: /private/\n\nSitemap: " + base + "/sitemap.xml\n");
      } else if (path.equals("/sitemap.xml")) {
        text(ex, 200, "application/xml", sitemap());
      } else if (path.startsWith("/bench/") && benchVideos > 0) {
        BenchPages.serve(ex, path, benchVideos);
      } else if (path.startsWith("/list/")) {
        listing(ex, Integer.parseInt(path.substring(6)));
      } else if (path.equals("/v/flaky") && hit == 1) {
        text(ex, 500, "text/html", "<html><body>Internal error, try again</body></html>");
      } else if (path.equals("/v/busy") && hit == 1) {
        ex.getResponseHeaders().set("Retry-After", "1");
        text(ex, 429, "text/html", "<html><body>Too many requests</body></html>");
      } else if (path.equals("/boom")) {
        text(ex, 500, "text/html", "<html><body>Always broken</body></html>");
      } else if (path.equals("/slow")) {
        Thread.sleep(slowMs);
        text(ex, 200, "text/html", "<html><body>Too late</body></html>");
      } else if (path.equals("/loop/a")) {
        redirect(ex, "/loop/b");
      } else if (path.equals("/loop/b")) {
        redirect(ex, "/loop/a");
      } else if (path.equals("/huge")) {
        huge(ex);
      } else if (path.startsWith("/private/")) {
        text(
            ex,
            200,
            "text/html",
            "<html><body>robots.txt asks crawlers not to read this</body></html>");
      } else if (path.startsWith("/api/video/") && path.endsWith(".json")) {
        endpoint(ex, path.substring(11, path.length() - 5));
      } else if (path.equals("/media/not-a-video.mp4")) {
        text(
            ex,
            200,
            "text/html; charset=utf-8",
            "<!doctype html><html><body>This is a web page, not a video.</body></html>");
      } else if (path.startsWith("/media/")) {
        media(ex, path.substring(7));
      } else {
        SampleVideo v = byPath(path);
        if (v == null) {
          text(ex, 404, "text/html", "<html><body>Not found</body></html>");
        } else {
          text(ex, 200, "text/html; charset=utf-8", VideoPages.render(v, base));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client went away (a timeout on its side): nothing to answer
    }
  }

  private SampleVideo byPath(String path) {
    for (SampleVideo v : videos) {
      if (v.path().equals(path)) {
        return v;
      }
    }
    return null;
  }

  private List<String> listedPaths() {
    List<String> paths = new ArrayList<>();
    for (SampleVideo v : videos) {
      if (!v.sitemapOnly) {
        paths.add(v.path());
      }
    }
    return paths;
  }

  private void listing(HttpExchange ex, int page) throws IOException {
    List<String> paths = listedPaths();
    int pages = (paths.size() + PAGE_SIZE - 1) / PAGE_SIZE;
    if (page < 1 || page > pages) {
      text(ex, 404, "text/html", "<html><body>No such page</body></html>");
      return;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(
            "<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><title>短视频 · Demo site — page ")
        .append(page)
        .append("</title>");
    if (page < pages) {
      sb.append("<link rel=\"next\" href=\"/list/").append(page + 1).append("\">");
    }
    sb.append("</head><body><h1>热门短视频</h1><ul class=\"feed\">");
    for (String p :
        paths.subList((page - 1) * PAGE_SIZE, Math.min(paths.size(), page * PAGE_SIZE))) {
      SampleVideo v = byPath(p);
      String label = v.title != null ? v.title : v.id;
      sb.append("<li><a class=\"video-card\" href=\"")
          .append(p)
          .append("\">")
          .append(Entities.escape(label))
          .append("</a></li>");
    }
    sb.append("</ul>");
    if (page == 1) {
      // the broken corners of the site
      sb.append("<ul class=\"more\">")
          .append("<li><a href=\"/v/gone\">deleted video</a></li>")
          .append("<li><a href=\"/slow\">slow page</a></li>")
          .append("<li><a href=\"/loop/a\">redirect loop</a></li>")
          .append("<li><a href=\"/huge\">huge page</a></li>")
          .append("<li><a href=\"/boom\">always broken</a></li>")
          .append("<li><a href=\"/private/hidden\">private</a></li>")
          .append("<li><a href=\"http://example.invalid/elsewhere\">another site</a></li>")
          .append("<li><a href=\"mailto:owner@example.invalid\">mail us</a></li>")
          .append("</ul>");
    }
    sb.append("<nav>");
    if (page > 1) {
      sb.append("<a class=\"prev\" href=\"/list/").append(page - 1).append("\">上一页</a> ");
    }
    if (page < pages) {
      sb.append("<a class=\"next\" href=\"/list/").append(page + 1).append("\">下一页</a>");
    }
    sb.append("</nav></body></html>");
    text(ex, 200, "text/html; charset=utf-8", sb.toString());
  }

  private String sitemap() {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    sb.append("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" ")
        .append("xmlns:video=\"http://www.google.com/schemas/sitemap-video/1.1\">\n");
    sb.append("  <url><loc>").append(base).append("/list/1</loc></url>\n");
    for (SampleVideo v : videos) {
      sb.append("  <url><loc>").append(base).append(v.path()).append("</loc>");
      if (v.sitemapOnly || v.id.equals("v001")) { // a video sitemap entry: hints for the page
        sb.append("<video:video>");
        if (v.title != null) {
          sb.append("<video:title>").append(Entities.escape(v.title)).append("</video:title>");
        }
        sb.append("<video:content_loc>")
            .append(base)
            .append(v.mediaPath())
            .append("</video:content_loc>");
        if (v.duration != null) {
          sb.append("<video:duration>")
              .append(sitemapSeconds(v.duration))
              .append("</video:duration>");
        }
        sb.append("<video:tag>sitemap</video:tag>");
        sb.append("</video:video>");
      }
      sb.append("</url>\n");
    }
    sb.append("  <url><loc>").append(base).append("/v/gone</loc></url>\n");
    sb.append("</urlset>\n");
    return sb.toString();
  }

  /** The catalog's duration (ISO-8601 or seconds) as the whole seconds a video sitemap takes. */
  static long sitemapSeconds(String duration) {
    return duration.startsWith("P")
        ? java.time.Duration.parse(duration).toSeconds()
        : Math.round(Double.parseDouble(duration));
  }

  private void endpoint(HttpExchange ex, String id) throws IOException {
    SampleVideo v = videos.stream().filter(x -> x.id.equals(id)).findFirst().orElse(null);
    if (v == null) {
      text(ex, 404, "application/json", "{\"code\":404,\"message\":\"no such video\"}");
      return;
    }
    ObjectNode root = JSON.createObjectNode().put("code", 0);
    ObjectNode d = root.putObject("data");
    d.put("title", v.title).put("desc", v.description).put("author", v.author);
    ArrayNode tags = d.putArray("tags");
    v.tags.forEach(tags::add);
    d.put("created", v.published).put("length", v.duration);
    d.put("w", v.width).put("h", v.height).put("src", v.mediaPath());
    d.put("plays", v.views).put("shares", v.shares);
    text(ex, 200, "application/json; charset=utf-8", JSON.writeValueAsString(root));
  }

  private void media(HttpExchange ex, String name) throws IOException {
    Path f = mediaDir == null ? null : mediaDir.resolve(name).normalize();
    if (f == null || !f.startsWith(mediaDir) || !Files.isRegularFile(f)) {
      text(ex, 404, "text/plain", "no such media: " + name);
      return;
    }
    ex.getResponseHeaders().set("Content-Type", "video/mp4");
    ex.sendResponseHeaders(200, Files.size(f));
    try (OutputStream out = ex.getResponseBody()) {
      Files.copy(f, out);
    }
  }

  private static void huge(HttpExchange ex) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    ex.sendResponseHeaders(
        200, 0); // chunked: no Content-Length, so the cap must hold while reading
    byte[] row =
        "<p>padding padding padding padding padding padding padding padding</p>\n"
            .getBytes(StandardCharsets.UTF_8);
    try (OutputStream out = ex.getResponseBody()) {
      out.write("<!doctype html><html><body>".getBytes(StandardCharsets.UTF_8));
      for (int written = 0; written < HUGE_BYTES; written += row.length) {
        out.write(row);
      }
      out.write("</body></html>".getBytes(StandardCharsets.UTF_8));
    }
  }

  static void redirect(HttpExchange ex, String to) throws IOException {
    ex.getResponseHeaders().set("Location", to);
    ex.sendResponseHeaders(302, -1);
  }

  static void text(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }
}
