package io.chfen.media;

import java.nio.FloatBuffer;

/**
 * A block of decoded audio in an analyzer's requested format.
 *
 * @param timestampUs time of the first sample, microseconds
 * @param interleaved samples, channel-interleaved; owned by the decoder, valid only during the call
 */
public record AudioSamples(
    long timestampUs, int sampleRate, int channels, FloatBuffer interleaved) {
  public int frames() {
    return interleaved.remaining() / channels;
  }
}
