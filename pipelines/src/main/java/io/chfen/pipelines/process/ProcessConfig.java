package io.chfen.pipelines.process;

import io.chfen.media.Analyzer;
import io.chfen.media.AudioFormat;
import io.chfen.media.DecodeLimits;
import io.chfen.process.AudioExtractor;
import io.chfen.process.KeyframeSampler;
import java.io.Serializable;
import java.util.List;

/**
 * What the process stage runs on each video: decoding guards, decoder threads, and the analyzers'
 * settings. Serializable: Beam ships it to workers, which build the analyzers from it.
 */
public final class ProcessConfig implements Serializable {
  private static final long serialVersionUID = 1L;

  public double maxDurationS = DecodeLimits.DEFAULT.maxDurationS();
  public long maxPixels = DecodeLimits.DEFAULT.maxPixels();
  public long timeBudgetMs = DecodeLimits.DEFAULT.timeBudgetMs();

  /** FFmpeg decoder threads per video (0: FFmpeg chooses). Videos already run in parallel. */
  public int decoderThreads = 1;

  public double keyframeFps = 1.0;
  public int keyframeJpegQuality = 90;
  public double sceneCutThreshold = 0.12;
  public int audioSampleRate = AudioFormat.SPEECH.sampleRate();
  public int audioChannels = AudioFormat.SPEECH.channels();

  public DecodeLimits limits() {
    return new DecodeLimits(maxDurationS, maxPixels, timeBudgetMs);
  }

  /** A fresh set of analyzers (one set per worker thread: analyzers are not thread-safe). */
  public List<Analyzer> analyzers() {
    return List.of(
        new KeyframeSampler(keyframeFps, keyframeJpegQuality, sceneCutThreshold),
        new AudioExtractor(new AudioFormat(audioSampleRate, audioChannels)));
  }

  /** The modalities every complete artifact directory has a final status for. */
  public List<String> modalities() {
    return analyzers().stream().map(Analyzer::modality).toList();
  }
}
