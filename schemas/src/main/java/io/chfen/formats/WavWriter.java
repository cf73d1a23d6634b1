package io.chfen.formats;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * Writes 16-bit PCM WAV from float samples as they arrive (the header's sizes are patched on
 * close), so a long track never sits in memory. Samples are clipped to [-1, 1]. Not thread-safe.
 */
public final class WavWriter implements AutoCloseable {
  private final RandomAccessFile out;
  private final int channels;
  private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
  private long dataBytes;

  public WavWriter(Path file, int sampleRate, int channels) throws IOException {
    this.channels = channels;
    this.out = new RandomAccessFile(file.toFile(), "rw");
    out.setLength(0);
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes()).putInt(36).put("WAVE".getBytes());
    h.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels);
    h.putInt(sampleRate)
        .putInt(sampleRate * channels * 2)
        .putShort((short) (channels * 2))
        .putShort((short) 16);
    h.put("data".getBytes()).putInt(0);
    out.write(h.array());
  }

  /** Appends interleaved samples. */
  public void write(FloatBuffer interleaved) throws IOException {
    while (interleaved.hasRemaining()) {
      if (buf.remaining() < 2) {
        flush();
      }
      float v = Math.max(-1f, Math.min(1f, interleaved.get()));
      buf.putShort((short) Math.round(v * 32767f));
    }
  }

  public void write(float[] interleaved) throws IOException {
    write(FloatBuffer.wrap(interleaved));
  }

  private void flush() throws IOException {
    out.write(buf.array(), 0, buf.position());
    dataBytes += buf.position();
    buf.clear();
  }

  /** Sample frames written so far. */
  public long frames() {
    return (dataBytes + buf.position()) / (2L * channels);
  }

  @Override
  public void close() throws IOException {
    flush();
    ByteBuffer n = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    out.seek(4);
    out.write(n.putInt(0, (int) Math.min(Integer.MAX_VALUE, 36 + dataBytes)).array());
    out.seek(40);
    out.write(n.putInt(0, (int) Math.min(Integer.MAX_VALUE, dataBytes)).array());
    out.close();
  }
}
