package io.chfen.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The build's version, from the parent POM (Maven filters it into {@code version.properties}): the
 * one place the CLI, the artifacts' and shards' provenance and the trainer's checkpoints read it.
 */
public final class Version {
  /** This build's version, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static final String CURRENT = load();

  private Version() {}

  private static String load() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IllegalStateException("version.properties is missing from chfen-schemas");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read version.properties", e);
    }
    String v = p.getProperty("version");
    if (v == null || v.startsWith("${")) {
      throw new IllegalStateException("version.properties was not filtered by the build: " + v);
    }
    return v;
  }
}
