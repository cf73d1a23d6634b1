package io.chfen.separation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.chfen.formats.WavReader;
import io.chfen.formats.WavWriter;
import io.chfen.layout.ArtifactFiles;
import io.chfen.media.Analyzer;
import io.chfen.media.AudioFormat;
import io.chfen.media.AudioSamples;
import io.chfen.media.MediaInfo;
import io.chfen.media.Resampler;
import io.chfen.records.ModalityResult;
import io.chfen.schemas.Analysis;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The process stage's vocals/music separation: {@code vocals.wav}, {@code music.wav} (44.1 kHz,
 * stereo), {@code speech_segments.json} (voice activity on the separated vocals) and quality
 * estimates in the stats.
 *
 * <p>Audio arrives in blocks during the single decoding pass and is separated in segments of {@link
 * #SEGMENT_S} seconds that overlap by {@link #OVERLAP_S} (cross-faded), so memory stays bounded
 * however long the input is. Voice activity on the mixture runs as a stream beside it. Not
 * thread-safe (per-video state).
 */
public final class SeparationAnalyzer implements Analyzer {
  static final double SEGMENT_S = 20;
  static final double OVERLAP_S = 1;
  private static final AudioFormat FORMAT = AudioFormat.MUSIC_STEREO;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Separator separator;
  private final SileroVad vad;

  private boolean hasAudio;
  private Path outDir;
  private WavWriter vocalsOut;
  private WavWriter musicOut;
  private Resampler vocalsTo16k;
  private SileroVad.Stream vocalsVad;
  private FloatList vocalsSpeech;

  /** Input not yet separated: interleaved, starting at frame {@code bufferStart} of the stream. */
  private float[] buffer;

  private int buffered;
  private long bufferStart;
  private float[][] tail; // the previous segment's overlap region (vocals, music)
  private double speechSeconds;
  private double errorSum;
  private double smrSum;
  private double smrWeight;
  private int errorCount;
  private double vocalsEnergy;
  private double musicEnergy;
  private long frames;

  /**
   * @param separator the default {@link SpeechMusicSeparator#withVad}, {@link HtDemucs#withVad} or
   *     an {@link OnnxSeparator}
   * @param vad finds the speech segments in the separated vocals
   */
  public SeparationAnalyzer(Separator separator, SileroVad vad) {
    this.separator = separator;
    this.vad = vad;
  }

  @Override
  public String modality() {
    return Analysis.SEPARATION;
  }

  @Override
  public AudioFormat audioFormat() {
    return FORMAT;
  }

  @Override
  public void begin(MediaInfo info, Path outDir) throws IOException {
    abort();
    this.outDir = outDir;
    hasAudio = info.hasAudio();
    if (!hasAudio) {
      return;
    }
    vocalsOut =
        new WavWriter(outDir.resolve(ArtifactFiles.VOCALS), FORMAT.sampleRate(), FORMAT.channels());
    musicOut =
        new WavWriter(outDir.resolve(ArtifactFiles.MUSIC), FORMAT.sampleRate(), FORMAT.channels());
    vocalsTo16k = new Resampler(FORMAT.sampleRate(), 1, AudioFormat.SPEECH);
    vocalsVad = vad.stream();
    vocalsSpeech = new FloatList();
    buffer = new float[(int) ((SEGMENT_S + OVERLAP_S + 1) * FORMAT.sampleRate()) * 2];
    buffered = 0;
    bufferStart = 0;
    tail = null;
    speechSeconds = errorSum = vocalsEnergy = musicEnergy = smrSum = smrWeight = 0;
    errorCount = 0;
    frames = 0;
  }

  @Override
  public void audio(AudioSamples a) throws IOException {
    FloatBuffer b = a.interleaved();
    float[] block = new float[b.remaining()];
    b.get(b.position(), block);
    int seg = segmentFrames();
    int from = 0;
    int n = block.length / 2;
    while (from < n) {
      int take = Math.min(n - from, buffer.length / 2 - buffered);
      System.arraycopy(block, from * 2, buffer, buffered * 2, take * 2);
      buffered += take;
      from += take;
      if (buffered >= seg + overlapFrames()) {
        separateBuffered(false);
      }
    }
  }

  private int segmentFrames() {
    return (int) (SEGMENT_S * FORMAT.sampleRate());
  }

  private int overlapFrames() {
    return (int) (OVERLAP_S * FORMAT.sampleRate());
  }

  /** Separates the buffer (a full segment and its overlap, or the rest at the end) and emits. */
  private void separateBuffered(boolean last) throws IOException {
    int len = last ? buffered : segmentFrames() + overlapFrames();
    float[] mix = java.util.Arrays.copyOf(buffer, len * 2);
    SpeechMusicSeparator.Result r = separator.separate(mix, 2, FORMAT.sampleRate());
    if (!Double.isNaN(r.speechFraction())) {
      speechSeconds += r.speechFraction() * len / FORMAT.sampleRate();
    }
    if (!Double.isNaN(r.speechToMusicDb())) {
      double w = r.speechFraction() * len;
      smrSum += r.speechToMusicDb() * w;
      smrWeight += w;
    }
    if (!Double.isNaN(r.musicModelErrorDb())) {
      errorSum += r.musicModelErrorDb();
      errorCount++;
    }
    int emit = last ? len : segmentFrames();
    int ov = overlapFrames();
    float[] v = java.util.Arrays.copyOf(r.vocals(), emit * 2);
    float[] m = java.util.Arrays.copyOf(r.music(), emit * 2);
    if (tail != null) {
      // cross-fade the previous segment's overlap into this segment's start
      int fade = Math.min(ov, emit);
      for (int i = 0; i < fade; i++) {
        float w = (i + 0.5f) / ov;
        for (int c = 0; c < 2; c++) {
          int j = i * 2 + c;
          v[j] = tail[0][j] * (1 - w) + v[j] * w;
          m[j] = tail[1][j] * (1 - w) + m[j] * w;
        }
      }
    }
    write(v, m);
    if (!last) {
      tail =
          new float[][] {
            java.util.Arrays.copyOfRange(r.vocals(), emit * 2, (emit + ov) * 2),
            java.util.Arrays.copyOfRange(r.music(), emit * 2, (emit + ov) * 2)
          };
      System.arraycopy(buffer, emit * 2, buffer, 0, (buffered - emit) * 2);
      buffered -= emit;
      bufferStart += emit;
    } else {
      buffered = 0;
    }
  }

  private void write(float[] v, float[] m) throws IOException {
    for (int i = 0; i < v.length; i++) {
      if (!Float.isFinite(v[i]) || !Float.isFinite(m[i])) {
        v[i] = 0; // never write NaN: the mixture sample goes to the music
        m[i] = Float.isFinite(m[i]) ? m[i] : 0;
      }
      vocalsEnergy += v[i] * v[i];
      musicEnergy += m[i] * m[i];
    }
    vocalsOut.write(v);
    musicOut.write(m);
    frames += v.length / 2;
    float[] mono = WavReader.mono(v, 2);
    vocalsSpeech.add(vocalsVad.push(vocalsTo16k.push(mono, 0, mono.length)));
  }

  @Override
  public ModalityResult end(double decodedDurationS) throws IOException {
    if (!hasAudio) {
      return Analyzer.absent("no_audio_track", "the video has no audio track");
    }
    if (buffered > 0) {
      separateBuffered(true);
    }
    vocalsSpeech.add(vocalsVad.push(vocalsTo16k.finish()));
    vocalsSpeech.add(vocalsVad.flush());
    vocalsOut.close();
    musicOut.close();
    vocalsOut = musicOut = null;
    List<SpeechSegments.Segment> segments = SpeechSegments.of(vocalsSpeech.toArray());
    double seconds = frames / (double) FORMAT.sampleRate();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("source", "Silero VAD v5 on vocals.wav");
    json.put("segments", segments);
    JSON.writeValue(outDir.resolve(ArtifactFiles.SPEECH_SEGMENTS).toFile(), json);
    double speechInVocals =
        segments.stream().mapToDouble(s -> (s.endMs() - s.startMs()) / 1000.0).sum();
    Map<String, Double> stats = new LinkedHashMap<>();
    stats.put("seconds", seconds);
    stats.put("speechSeconds", speechInVocals);
    stats.put("speechRatio", seconds == 0 ? 0 : speechInVocals / seconds);
    stats.put("mixtureSpeechRatio", seconds == 0 ? 0 : speechSeconds / seconds);
    stats.put("vocalsDbfs", dbfs(vocalsEnergy, frames));
    stats.put("musicDbfs", dbfs(musicEnergy, frames));
    // how well speech-free stretches predict the music under the speech (RMS log error, dB):
    // the larger, the more music is left in the vocals and speech in the music
    // the separator's estimate of the speech-to-music ratio under the speech: the per-clip
    // quality figure (it follows the true vocals SI-SDR on the corpus; docs/benchmarks.md)
    if (smrWeight > 0) {
      stats.put("estimatedSpeechToMusicDb", smrSum / smrWeight);
    }
    // (absent when no segment had both speech and speech-free stretches; JSON has no NaN)
    if (errorCount > 0) {
      stats.put("musicModelErrorDb", errorSum / errorCount);
    }
    closeStreams();
    return Analyzer.ok(
        List.of(ArtifactFiles.VOCALS, ArtifactFiles.MUSIC, ArtifactFiles.SPEECH_SEGMENTS), stats);
  }

  private static double dbfs(double energy, long frames) {
    return frames == 0 ? -120 : Math.max(-120, 10 * Math.log10(energy / (2.0 * frames) + 1e-12));
  }

  private void closeStreams() {
    if (vocalsTo16k != null) {
      vocalsTo16k.close();
      vocalsTo16k = null;
    }
  }

  @Override
  public void abort() {
    for (WavWriter w : new WavWriter[] {vocalsOut, musicOut}) {
      if (w != null) {
        try {
          w.close();
        } catch (IOException e) {
          // the artifact directory of a failed video is discarded
        }
      }
    }
    vocalsOut = musicOut = null;
    closeStreams();
  }

  @Override
  public void close() {
    abort();
  }

  /** A growable float array. */
  private static final class FloatList {
    private float[] a = new float[1024];
    private int n;

    void add(float[] xs) {
      if (n + xs.length > a.length) {
        a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, n + xs.length));
      }
      System.arraycopy(xs, 0, a, n, xs.length);
      n += xs.length;
    }

    float[] toArray() {
      return java.util.Arrays.copyOf(a, n);
    }
  }
}
