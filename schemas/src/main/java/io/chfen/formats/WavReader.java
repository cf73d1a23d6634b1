package io.chfen.formats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a PCM WAV file (16-bit or 32-bit float) whole, as interleaved floats. */
public final class WavReader {
  /** Decoded audio. */
  public record Audio(int sampleRate, int channels, float[] interleaved) {
    public int frames() {
      return interleaved.length / channels;
    }

    public double seconds() {
      return frames() / (double) sampleRate;
    }

    /** Channel-averaged mono copy. */
    public float[] mono() {
      return WavReader.mono(interleaved, channels);
    }
  }

  /** Channel-averaged mono copy of interleaved samples. */
  public static float[] mono(float[] interleaved, int channels) {
    float[] m = new float[interleaved.length / channels];
    for (int i = 0; i < m.length; i++) {
      float s = 0;
      for (int c = 0; c < channels; c++) {
        s += interleaved[i * channels + c];
      }
      m[i] = s / channels;
    }
    return m;
  }

  private WavReader() {}

  public static Audio read(Path file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    if (b.remaining() < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
      throw new IOException(file + " is not a RIFF/WAVE file");
    }
    int pos = 12;
    int format = 0;
    int channels = 0;
    int rate = 0;
    int bits = 0;
    while (pos + 8 <= b.limit()) {
      int id = b.getInt(pos);
      int size = b.getInt(pos + 4);
      int body = pos + 8;
      if (id == 0x20746d66) { // "fmt "
        format = b.getShort(body) & 0xffff;
        channels = b.getShort(body + 2);
        rate = b.getInt(body + 4);
        bits = b.getShort(body + 14);
        if (format == 0xFFFE
            && size >= 26) { // WAVE_FORMAT_EXTENSIBLE: the sub-format's first two bytes
          format = b.getShort(body + 24) & 0xffff;
        }
      } else if (id == 0x61746164) { // "data"
        int len = Math.min(size < 0 ? Integer.MAX_VALUE : size, b.limit() - body);
        float[] out;
        if (format == 1 && bits == 16) {
          out = new float[len / 2];
          for (int i = 0; i < out.length; i++) {
            out[i] = b.getShort(body + 2 * i) / 32768f;
          }
        } else if (format == 3 && bits == 32) {
          out = new float[len / 4];
          for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat(body + 4 * i);
          }
        } else {
          throw new IOException(
              file + ": unsupported WAV encoding (format " + format + ", " + bits + " bits)");
        }
        return new Audio(rate, channels, out);
      }
      pos = body + size + (size & 1);
    }
    throw new IOException(file + ": no data chunk");
  }
}
