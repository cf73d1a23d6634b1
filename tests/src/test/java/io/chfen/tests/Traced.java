package io.chfen.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A chfen command in a child JVM under strace, which records every connect(2) and every send to an
 * address made by any thread of it or of a process it starts — the JVM's and the native libraries'
 * (FFmpeg, ONNX Runtime, PyTorch, OpenCV) alike.
 */
final class Traced {
  /** The child's exit code and the addresses it reached for. */
  record Run(int exit, List<String> calls, Path log) {
    /** The calls to anything but loopback or a local (Unix) socket. */
    List<String> offMachine() {
      List<String> out = new ArrayList<>();
      for (String c : calls) {
        if (!local(c)) {
          out.add(c);
        }
      }
      return out;
    }
  }

  private static final Pattern FAMILY = Pattern.compile("sa_family=(\\w+)");
  private static final Pattern V4 = Pattern.compile("inet_addr\\(\"([^\"]+)\"\\)");
  private static final Pattern V6 = Pattern.compile("inet_pton\\(AF_INET6, \"([^\"]+)\"");

  private Traced() {}

  static Run chfen(Path log, long timeoutS, String... args)
      throws IOException, InterruptedException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "strace",
                "-f",
                "--seccomp-bpf",
                "-e",
                "trace=connect,sendto,sendmsg",
                "-o",
                log.toString()));
    cmd.addAll(Child.command(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(log.resolveSibling(log.getFileName() + ".out").toFile());
    pb.environment().put("OMP_THREAD_LIMIT", "1");
    Process p = pb.start();
    if (!p.waitFor(timeoutS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "chfen " + String.join(" ", args) + " ran past " + timeoutS + " s");
    }
    List<String> calls = new ArrayList<>();
    for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
      if (line.contains("sa_family=")) {
        calls.add(line);
      }
    }
    return new Run(p.exitValue(), calls, log);
  }

  static boolean local(String call) {
    Matcher f = FAMILY.matcher(call);
    if (!f.find()) {
      return true;
    }
    switch (f.group(1)) {
      case "AF_UNIX", "AF_NETLINK" -> {
        return true;
      }
      case "AF_INET" -> {
        Matcher a = V4.matcher(call);
        return a.find() && a.group(1).startsWith("127.");
      }
      case "AF_INET6" -> {
        Matcher a = V6.matcher(call);
        return a.find() && (a.group(1).equals("::1") || a.group(1).startsWith("::ffff:127."));
      }
      default -> {
        return false;
      }
    }
  }
}
