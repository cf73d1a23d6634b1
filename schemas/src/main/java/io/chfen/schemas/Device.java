package io.chfen.schemas;

import java.util.Locale;

/** Where models run: ONNX Runtime's encoders ({@code chfen.device}) and the trainer. */
public enum Device {
  /** A GPU when one is usable, else the CPU. */
  AUTO,
  /** The CPU, even with a GPU. */
  CPU,
  /** A GPU, or an error naming why none is usable. */
  GPU;

  /** The name on the command line. */
  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The device of a name (any case); throws naming the allowed ones. */
  public static Device parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("device must be auto, cpu or gpu, not '" + s + "'", e);
    }
  }
}
