package io.chfen.dataset.eval;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.chfen.dataset.crawl.CrawlConfig;
import io.chfen.dataset.crawl.Explainer;
import io.chfen.dataset.crawl.Field;
import io.chfen.dataset.crawl.Normalize;
import io.chfen.dataset.crawl.VideoFields;
import io.chfen.files.FileOps;
import io.chfen.records.VideoMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * Field accuracy of the crawler on real pages and API responses from other public repositories
 * ({@code page-fixtures.yaml} beside this class: where each file comes from, its SHA-256, and the
 * values a person reads in it). Each fixture is read exactly as {@code chfen crawl --explain} reads
 * a saved file, under a crawl config: generic markup alone (no site profile) or with the profile
 * pack. A check is one expected field of one video (or a listing's count, links or next page);
 * accuracy is checks passed over checks made.
 */
public final class CrawlEvaluation {
  private CrawlEvaluation() {}

  /** Where a fixture's bytes come from. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public static final class Source {
    public String repo;
    public String path;
    public String commit;
    public String licence;
  }

  /** One real page or response and what it says. */
  @JsonIgnoreProperties(ignoreUnknown = false)
  public static final class Fixture {
    public String file;
    public String sha256;
    public String url;
    public String site;
    public boolean chinese;
    public String kind;
    public String markup;
    public Source source;
    public List<Map<String, Object>> videos = List.of();
    public Integer count;
    public Integer links;
    public String next;

    public boolean standardMarkup() {
      return "standard".equals(markup);
    }
  }

  @JsonIgnoreProperties(ignoreUnknown = false)
  private static final class Manifest {
    public List<Fixture> fixtures = List.of();
  }

  /** One expected value checked. */
  public record Check(
      Fixture fixture, int video, String field, boolean ok, Object expected, String got) {}

  /** Every check of one fixture under one config, or why it could not be read. */
  public record Outcome(Fixture fixture, List<Check> checks, String error) {}

  /** The manifest's fixtures, in order. */
  public static List<Fixture> fixtures() {
    ObjectMapper yaml =
        new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    try (InputStream in = CrawlEvaluation.class.getResourceAsStream("page-fixtures.yaml")) {
      return yaml.readValue(in, Manifest.class).fixtures;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read page-fixtures.yaml", e);
    }
  }

  /** The environment variable that points at the fixture files. */
  public static final String ENV = "CHFEN_PAGE_FIXTURES";

  /**
   * Where the fixture files are: {@code explicit}, else {@code $CHFEN_PAGE_FIXTURES}, else the
   * steering repository's {@code shared/fixtures/pages} beside the checkout ({@code ../shared}),
   * else {@code .chfen/fixtures/pages} in it; empty when none exists. The checkout is the parent of
   * {@code -Dchfen.home} when set, else the working directory.
   */
  public static Optional<Path> locate(Path explicit) {
    String home = System.getProperty("chfen.home");
    Path base =
        home != null ? Path.of(home).toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
    List<Path> tried = new ArrayList<>();
    if (explicit != null) {
      tried.add(explicit);
    }
    String env = System.getenv(ENV);
    if (env != null && !env.isBlank()) {
      tried.add(Path.of(env));
    }
    tried.add(base.toAbsolutePath().getParent().resolve("shared/fixtures/pages"));
    tried.add(base.resolve(".chfen/fixtures/pages"));
    return tried.stream().filter(Files::isDirectory).findFirst();
  }

  /** The fixtures whose file is absent or whose bytes differ from the manifest, with the cause. */
  public static Map<String, String> problems(Path dir, List<Fixture> fixtures) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Fixture f : fixtures) {
      Path p = dir.resolve(f.file);
      if (!Files.isRegularFile(p)) {
        out.put(f.file, "missing");
      } else if (!FileOps.sha256(p).equals(f.sha256)) {
        out.put(f.file, "SHA-256 " + FileOps.sha256(p) + " ≠ " + f.sha256);
      }
    }
    return out;
  }

  /** Reads every fixture present in {@code dir} under {@code cfg} and checks its values. */
  public static List<Outcome> run(Path dir, List<Fixture> fixtures, CrawlConfig cfg) {
    List<Outcome> out = new ArrayList<>();
    for (Fixture f : fixtures) {
      Path p = dir.resolve(f.file);
      Explainer.Explanation e;
      try {
        e = Explainer.file(cfg, p, f.url);
      } catch (IOException | RuntimeException ex) {
        out.add(new Outcome(f, List.of(), ex.toString()));
        continue;
      }
      out.add(new Outcome(f, checks(f, e), null));
    }
    return out;
  }

  private static List<Check> checks(Fixture f, Explainer.Explanation e) {
    List<Check> checks = new ArrayList<>();
    if (f.count != null) {
      checks.add(count(f, "count", f.count, e.videos().size()));
    }
    if (f.links != null) {
      checks.add(count(f, "links", f.links, e.links() == null ? 0 : e.links().size()));
    }
    if (f.next != null) {
      checks.add(
          new Check(
              f, -1, "next", f.next.equals(e.nextUrl()), f.next, String.valueOf(e.nextUrl())));
    }
    for (int i = 0; i < f.videos.size(); i++) {
      Explainer.Video v = i < e.videos().size() ? e.videos().get(i) : null;
      for (Map.Entry<String, Object> x : f.videos.get(i).entrySet()) {
        Field field = Field.ofKey(x.getKey());
        String got = v == null ? null : value(v, field);
        checks.add(
            new Check(f, i, field.key, matches(field, x.getValue(), got), x.getValue(), got));
      }
    }
    return checks;
  }

  private static Check count(Fixture f, String what, int expected, int got) {
    return new Check(f, -1, what, expected == got, expected, Integer.toString(got));
  }

  /** A field as the crawl records it (the platform id as the page gives it, before the prefix). */
  private static String value(Explainer.Video v, Field f) {
    VideoMetadata r = v.record();
    VideoFields raw = v.fields();
    return switch (f) {
      case PLATFORM_ID -> raw.get(Field.PLATFORM_ID);
      case TAGS -> r.getTags().isEmpty() ? null : String.join("\u001f", r.getTags());
      case PUBLISHED_AT -> r.getPublishedAt() == null ? null : r.getPublishedAt().toString();
      default -> {
        Schema.Field sf = r.getSchema().getField(f.key);
        Object o = sf == null ? null : r.get(sf.pos());
        yield o == null ? null : o.toString();
      }
    };
  }

  @SuppressWarnings("unchecked")
  static boolean matches(Field field, Object expected, String got) {
    if (expected == null) {
      return got == null;
    }
    if (got == null) {
      return false;
    }
    if (expected instanceof Map<?, ?> m) {
      if (m.containsKey("anyOf")) {
        return ((List<Object>) m.get("anyOf")).stream().anyMatch(x -> matches(field, x, got));
      }
      if (m.containsKey("startsWith")) {
        return got.startsWith(String.valueOf(m.get("startsWith")));
      }
      throw new IllegalArgumentException("unknown matcher " + m.keySet());
    }
    if (expected instanceof List<?> tags) {
      Set<String> want = new HashSet<>();
      tags.forEach(t -> want.add(Normalize.text(String.valueOf(t))));
      return want.equals(new HashSet<>(List.of(got.split("\u001f"))));
    }
    String want = String.valueOf(expected);
    return switch (field) {
      case DURATION -> Math.abs(Double.parseDouble(got) - Double.parseDouble(want)) <= 0.5;
      case WIDTH, HEIGHT, VIEWS, LIKES, COMMENTS, SHARES ->
          Long.parseLong(got) == Long.parseLong(want);
      case PUBLISHED_AT -> {
        Instant g = Instant.parse(got);
        yield want.contains("T")
            ? Math.abs(g.toEpochMilli() - Instant.parse(want).toEpochMilli()) < 1000
            : LocalDate.ofInstant(g, ZoneOffset.UTC).equals(LocalDate.parse(want));
      }
      case MEDIA_URL, THUMBNAIL_URL, CANONICAL_URL ->
          Objects.equals(
              Normalize.absoluteUrl(null, want).orElse(want),
              Normalize.absoluteUrl(null, got).orElse(got));
      default -> Objects.equals(Normalize.text(want), Normalize.text(got));
    };
  }
}
