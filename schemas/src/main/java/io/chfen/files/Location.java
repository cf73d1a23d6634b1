package io.chfen.files;

import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a run's file or folder lives: a local path, or an object store's address ({@code
 * s3://bucket/prefix}, or any scheme Beam's file systems register). Immutable and serializable, so
 * a pipeline's functions carry it to every worker; {@code io.chfen.storage.Storage} reads and
 * writes it. A local location holds an absolute, normalized path; a remote one never ends with a
 * slash.
 */
public record Location(String uri) implements Serializable {
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");

  public Location {
    if (uri == null || uri.isBlank()) {
      throw new IllegalArgumentException("an empty location");
    }
    if (SCHEME.matcher(uri).matches() && !uri.startsWith("file://")) {
      URI u = URI.create(uri);
      if (u.getAuthority() == null || u.getAuthority().isEmpty()) {
        throw new IllegalArgumentException(uri + " names no bucket");
      }
      while (uri.endsWith("/") && uri.length() > u.getScheme().length() + 3) {
        uri = uri.substring(0, uri.length() - 1);
      }
    } else {
      Path p = uri.startsWith("file://") ? Path.of(URI.create(uri)) : Path.of(uri);
      uri = p.toAbsolutePath().normalize().toString();
    }
  }

  /** A command-line value: {@code s3://…} (any scheme) or a local path. */
  public static Location of(String value) {
    return new Location(value);
  }

  public static Location of(Path path) {
    return new Location(path.toAbsolutePath().normalize().toString());
  }

  /** On this machine's file system (as opposed to an object store every worker reaches). */
  public boolean isLocal() {
    return !SCHEME.matcher(uri).matches();
  }

  /** The local path. */
  public Path path() {
    if (!isLocal()) {
      throw new IllegalStateException(uri + " is not on the local disk");
    }
    return Path.of(uri);
  }

  /** The scheme ({@code s3}), or {@code file}. */
  public String scheme() {
    return isLocal() ? "file" : uri.substring(0, uri.indexOf("://"));
  }

  /**
   * {@code name} ({@code a/b.json}) under this location. A name that came from outside (a crawled
   * page's id, an index file) may not climb out: empty segments, {@code .}, {@code ..}, a backslash
   * or NUL are refused.
   */
  public Location resolve(String name) throws IOException {
    if (name == null || name.isEmpty() || name.indexOf('\0') >= 0 || name.indexOf('\\') >= 0) {
      throw new IOException(
          "refused name " + (name == null ? "null" : "'" + name + "'") + " under " + uri);
    }
    for (String part : name.split("/", -1)) {
      if (part.isEmpty() || part.equals(".") || part.equals("..")) {
        throw new IOException("refused name '" + name + "': it leaves " + uri);
      }
    }
    return new Location(uri + "/" + name);
  }

  /** {@link #resolve} for names this program wrote itself (a layout's constants). */
  public Location child(String name) {
    try {
      return resolve(name);
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The last segment's name. */
  public String name() {
    return uri.substring(uri.lastIndexOf('/') + 1);
  }

  /** The folder holding this one, or null at a bucket's or a file system's root. */
  public Location parent() {
    int slash = uri.lastIndexOf('/');
    if (isLocal()) {
      Path p = path().getParent();
      return p == null ? null : of(p);
    }
    return slash <= uri.indexOf("://") + 2 ? null : new Location(uri.substring(0, slash));
  }

  /** {@code other}'s name relative to this folder ({@code a/b.json}), or null outside it. */
  public String relativize(Location other) {
    String prefix = uri.endsWith("/") ? uri : uri + "/";
    return other.uri.startsWith(prefix) ? other.uri.substring(prefix.length()) : null;
  }

  @Override
  public String toString() {
    return uri;
  }
}
