package io.chfen.process;

import io.chfen.formats.WavWriter;
import io.chfen.layout.ArtifactFiles;
import io.chfen.media.Analyzer;
import io.chfen.media.AudioFormat;
import io.chfen.media.AudioSamples;
import io.chfen.media.MediaInfo;
import io.chfen.records.ModalityResult;
import io.chfen.schemas.Analysis;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The video's audio track as {@code audio.wav} (16 kHz mono PCM by default, what speech models
 * take), with level statistics: RMS and peak in dBFS, share of clipped samples, share of silent 20
 * ms frames. A video without an audio track is {@code absent}, not a failure. Not thread-safe.
 */
public final class AudioExtractor implements Analyzer {
  private final AudioFormat format;
  private Path outDir;
  private WavWriter wav;
  private boolean hasAudio;
  private double sumSquares;
  private double peak;
  private long clipped;
  private long samples;
  private long silentBlocks;
  private long blocks;
  private double blockSquares;
  private int blockFill;
  private int blockSize;

  public AudioExtractor(AudioFormat format) {
    this.format = format;
  }

  public AudioExtractor() {
    this(AudioFormat.SPEECH);
  }

  @Override
  public String modality() {
    return Analysis.AUDIO;
  }

  @Override
  public AudioFormat audioFormat() {
    return format;
  }

  @Override
  public void begin(MediaInfo info, Path outDir) throws IOException {
    this.outDir = outDir;
    hasAudio = info.hasAudio();
    sumSquares = peak = blockSquares = 0;
    clipped = samples = silentBlocks = blocks = 0;
    blockFill = 0;
    blockSize = format.sampleRate() / 50 * format.channels();
    wav =
        hasAudio
            ? new WavWriter(
                outDir.resolve(ArtifactFiles.AUDIO), format.sampleRate(), format.channels())
            : null;
  }

  @Override
  public void audio(AudioSamples a) throws IOException {
    FloatBuffer b = a.interleaved();
    for (int i = b.position(); i < b.limit(); i++) {
      float v = b.get(i);
      double sq = (double) v * v;
      sumSquares += sq;
      peak = Math.max(peak, Math.abs(v));
      if (Math.abs(v) >= 0.999f) {
        clipped++;
      }
      samples++;
      blockSquares += sq;
      if (++blockFill == blockSize) {
        blocks++;
        if (10 * Math.log10(blockSquares / blockSize + 1e-12) < -50) {
          silentBlocks++;
        }
        blockSquares = 0;
        blockFill = 0;
      }
    }
    wav.write(b);
  }

  @Override
  public ModalityResult end(double decodedDurationS) throws IOException {
    if (!hasAudio) {
      return Analyzer.absent("no_audio_track", "the video has no audio track");
    }
    wav.close();
    wav = null;
    Map<String, Double> stats = new LinkedHashMap<>();
    stats.put("seconds", samples / (double) format.channels() / format.sampleRate());
    stats.put("sampleRate", (double) format.sampleRate());
    stats.put(
        "rmsDbfs",
        samples == 0 ? -120.0 : Math.max(-120, 10 * Math.log10(sumSquares / samples + 1e-12)));
    stats.put("peakDbfs", peak == 0 ? -120.0 : 20 * Math.log10(peak));
    stats.put("clippedShare", samples == 0 ? 0 : clipped / (double) samples);
    stats.put("silentShare", blocks == 0 ? 1 : silentBlocks / (double) blocks);
    return Analyzer.ok(List.of(ArtifactFiles.AUDIO), stats);
  }

  @Override
  public void abort() {
    close();
  }

  @Override
  public void close() {
    if (wav != null) {
      try {
        wav.close();
      } catch (IOException ignored) {
        // the video failed; its temporary artifact directory is discarded
      }
      wav = null;
    }
  }
}
