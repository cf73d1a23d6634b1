package io.chfen.storage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chfen.files.Location;
import io.chfen.layout.RunLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one run writing an output holds this ({@link RunLayout#lock}). On a local disk it is an
 * operating-system file lock, released by the kernel when the process dies. An object store has no
 * locks, so there it is a lease: an object naming its holder and the time it was last renewed,
 * renewed every {@link #RENEW_SECONDS} s while the run lives; a lease not renewed for {@link
 * #STALE_SECONDS} s is a dead run's and may be taken. Two runs starting within the same instant are
 * told apart by reading the lease back after {@link #SETTLE_MILLIS} ms (the later put wins, the
 * other run gives up). That is not a true mutual exclusion (object stores offer none through Beam's
 * file systems): it relies on clocks within seconds of each other.
 */
public abstract class OutputLock implements AutoCloseable {
  public static final long RENEW_SECONDS = 10;
  public static final long STALE_SECONDS = 60;
  public static final long SETTLE_MILLIS = 1500;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Takes the lock of {@code out} for {@code job}, or fails naming the holder. */
  public static OutputLock take(RunLayout out, String job) throws IOException {
    String holder =
        "pid "
            + ProcessHandle.current().pid()
            + " on "
            + host()
            + ", job "
            + job
            + ", since "
            + Instant.now();
    return out.isLocal() ? FileLockOnDisk.acquire(out, holder) : Lease.acquire(out.lock(), holder);
  }

  @Override
  public abstract void close();

  static IOException held(RunLayout out, String holder) {
    return new IOException(
        "another chfen run is writing "
            + out.root()
            + (holder.isEmpty() ? "" : " (" + holder + ")")
            + ": wait for it to end, or choose another --out");
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "this machine";
    }
  }

  /** A kernel lock on {@code .chfen.lock}, which holds the holder's description. */
  private static final class FileLockOnDisk extends OutputLock {
    private final FileChannel ch;
    private final FileLock lock;

    private FileLockOnDisk(FileChannel ch, FileLock lock) {
      this.ch = ch;
      this.lock = lock;
    }

    static OutputLock acquire(RunLayout out, String holder) throws IOException {
      Files.createDirectories(out.root().path());
      FileChannel ch =
          FileChannel.open(
              out.lock().path(),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = ch.tryLock();
      } catch (OverlappingFileLockException | IOException e) {
        lock = null;
      }
      if (lock == null) {
        String was;
        try {
          was = Files.readString(out.lock().path()).trim();
        } catch (IOException e) {
          was = "";
        }
        ch.close();
        throw held(out, was);
      }
      ch.truncate(0);
      ch.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      return new FileLockOnDisk(ch, lock);
    }

    @Override
    public void close() {
      try {
        lock.release();
      } catch (IOException e) {
        // closing the channel releases it too
      }
      try {
        ch.close();
      } catch (IOException e) {
        // nothing was written through it that matters
      }
    }
  }

  /** A lease object renewed by a daemon thread. */
  private static final class Lease extends OutputLock {
    private final Location file;
    private final String token;
    private final ScheduledExecutorService renew;

    private Lease(Location file, String token, ScheduledExecutorService renew) {
      this.file = file;
      this.token = token;
      this.renew = renew;
    }

    static OutputLock acquire(Location file, String holder) throws IOException {
      RunLayout out = RunLayout.at(file.parent());
      ObjectNode current = read(file);
      if (current != null
          && Instant.now().toEpochMilli() - current.path("renewedAt").asLong()
              < TimeUnit.SECONDS.toMillis(STALE_SECONDS)) {
        throw held(out, current.path("holder").asText());
      }
      String token = UUID.randomUUID().toString();
      write(file, holder, token);
      try {
        Thread.sleep(SETTLE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while taking the lease on " + out.root(), e);
      }
      ObjectNode now = read(file);
      if (now == null || !token.equals(now.path("token").asText())) {
        throw held(out, now == null ? "" : now.path("holder").asText());
      }
      ScheduledExecutorService renew =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "chfen-lease " + out.root());
                t.setDaemon(true);
                return t;
              });
      renew.scheduleAtFixedRate(
          () -> {
            try {
              write(file, holder, token);
            } catch (IOException e) {
              // the next renewal tries again; STALE_SECONDS leaves room for several misses
            }
          },
          RENEW_SECONDS,
          RENEW_SECONDS,
          TimeUnit.SECONDS);
      return new Lease(file, token, renew);
    }

    private static void write(Location file, String holder, String token) throws IOException {
      ObjectNode n = JSON.createObjectNode();
      n.put("holder", holder).put("token", token).put("renewedAt", Instant.now().toEpochMilli());
      Storage.write(file, JSON.writeValueAsBytes(n));
    }

    private static ObjectNode read(Location file) throws IOException {
      if (!Storage.exists(file)) {
        return null;
      }
      try {
        return (ObjectNode) JSON.readTree(Storage.readBytes(file));
      } catch (IOException | ClassCastException e) {
        return null; // an unreadable lease is no lease
      }
    }

    @Override
    public void close() {
      renew.shutdownNow();
      try {
        renew.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      try {
        ObjectNode now = read(file);
        if (now != null && token.equals(now.path("token").asText())) {
          Storage.delete(file);
        }
      } catch (IOException e) {
        // left to go stale: the next run takes it after STALE_SECONDS
      }
    }
  }
}
