package io.chfen.pipelines.process;

import io.chfen.encode.AudioDescriptors;
import io.chfen.encode.CtcTranscriber;
import io.chfen.faces.FaceAnonymizer;
import io.chfen.files.FileOps;
import io.chfen.media.Analyzer;
import io.chfen.media.MediaException;
import io.chfen.media.SinglePassDecoder;
import io.chfen.media.WavReader;
import io.chfen.ocr.Srt;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.separation.SpeechSegments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one video into {@code artifacts/<id>/}: one decoding pass through every analyzer,
 * written into a temporary directory that is renamed into place only when complete, so a crash
 * never leaves a half-written directory that looks finished. A directory whose {@code
 * artifacts.json} matches the media and has a final status for every modality is reused as it is.
 * Not thread-safe (its analyzers are not); use one per worker thread.
 */
public final class VideoProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VideoProcessor.class);
  public static final String PIPELINE_VERSION = "0.1.0";

  /** The speech-to-text output: one cue per speech segment. */
  public static final String TRANSCRIPT = "transcript.srt";

  /** The keyframes stat that counts the face regions hidden (present: anonymized). */
  public static final String ANONYMIZED = "anonymizedRegions";

  /** The outcome for one video. */
  public record Outcome(VideoArtifacts artifacts, boolean reused) {}

  private final ProcessConfig config;
  private final SinglePassDecoder decoder;
  private final List<Analyzer> analyzers;
  private final Path mediaRoot;
  private final Path out;
  // null: no speech to text configured, or its model could not be opened (asrProblem says why)
  private final CtcTranscriber transcriber;
  private final String asrProblem;

  /**
   * @param mediaRoot the directory {@code VideoMetadata.mediaPath} is relative to (the crawl
   *     output)
   * @param out the process output directory ({@code artifacts/} goes under it)
   */
  public VideoProcessor(ProcessConfig config, Path mediaRoot, Path out) {
    this.config = config;
    this.decoder = new SinglePassDecoder(config.limits(), config.decoderThreads);
    this.analyzers = config.analyzers();
    CtcTranscriber t = null;
    String problem = null;
    if (config.asr != null) {
      try {
        t = new CtcTranscriber(config.asr);
      } catch (IOException e) {
        problem = e.getMessage();
        LOG.warn("speech to text is skipped: {}", problem);
      }
    }
    this.transcriber = t;
    this.asrProblem = problem;
    this.mediaRoot = mediaRoot;
    this.out = out;
  }

  public Outcome process(VideoMetadata v) throws MediaException, IOException {
    if (v.getMediaPath() == null) {
      throw new MediaException("missing_file", v.getId() + " has no downloaded media");
    }
    Path media = FileOps.within(mediaRoot, v.getMediaPath().toString());
    Path dir = FileOps.within(out.resolve("artifacts"), v.getId().toString());
    VideoArtifacts existing = ArtifactsJson.read(dir);
    if (isComplete(existing, v)) {
      return new Outcome(existing, true);
    }
    Path tmp = out.resolve("artifacts").resolve(".tmp-" + v.getId() + "-" + UUID.randomUUID());
    Files.createDirectories(tmp);
    try {
      SinglePassDecoder.Report r = decoder.decode(media, analyzers, tmp);
      VideoArtifacts a =
          VideoArtifacts.newBuilder()
              .setId(v.getId())
              .setMediaPath(v.getMediaPath())
              .setMediaSha256(v.getMediaSha256())
              .setArtifactsDir("artifacts/" + v.getId())
              .setDurationS(r.decodedDurationS())
              .setWidth(r.info().width())
              .setHeight(r.info().height())
              .setFps(r.meanFps())
              .setVideoFrames(r.videoFrames())
              .setHasAudio(r.info().hasAudio())
              .setAudioSampleRate(r.info().hasAudio() ? r.info().audioSampleRate() : null)
              .setAudioChannels(r.info().hasAudio() ? r.info().audioChannels() : null)
              .setDecodeMs(r.wallMs())
              .setModalities(transcribe(anonymize(r.results(), tmp), tmp))
              .setProcessedAt(Instant.now())
              .setPipelineVersion(PIPELINE_VERSION)
              .build();
      ArtifactsJson.write(a, tmp);
      FileOps.deleteTree(dir);
      FileOps.moveAtomically(tmp, dir);
      return new Outcome(a, false);
    } finally {
      FileOps.deleteTree(tmp);
    }
  }

  /**
   * With {@code anonymizeFaces}: the tracked faces hidden in the keyframes and crops, counted in
   * the keyframes' stats ({@code anonymizedRegions}), which also marks the directory as done so.
   */
  private Map<String, ModalityResult> anonymize(Map<String, ModalityResult> results, Path dir)
      throws IOException {
    ModalityResult faces = results.get("faces");
    ModalityResult keyframes = results.get("keyframes");
    if (config.anonymizeFaces == null || keyframes == null || !"ok".equals(keyframes.getStatus())) {
      return results;
    }
    FaceAnonymizer.Result a =
        faces != null && "ok".equals(faces.getStatus())
            ? FaceAnonymizer.apply(dir, config.anonymizeFaces, config.keyframeJpegQuality)
            : new FaceAnonymizer.Result(0, 0, 0);
    Map<String, ModalityResult> out = new TreeMap<>(results);
    Map<String, Double> stats = new TreeMap<>(keyframes.getStats());
    stats.put(ANONYMIZED, (double) a.regions());
    out.put("keyframes", ModalityResult.newBuilder(keyframes).setStats(stats).build());
    return out;
  }

  /**
   * With {@code asr}: the separated vocals of a video without subtitles transcribed, one cue per
   * speech segment, into transcript.srt. A missing model is a note on every video, never a failure.
   */
  private Map<String, ModalityResult> transcribe(Map<String, ModalityResult> results, Path dir) {
    if (config.asr == null) {
      return results;
    }
    ModalityResult r;
    if (ok(results, "subtitles")) {
      r = Analyzer.absent("subtitles_present", "the text modality reads the subtitles");
    } else if (!ok(results, "separation")) {
      r = Analyzer.absent("no_vocals", "no separated vocals to transcribe");
    } else if (transcriber == null) {
      r =
          Analyzer.absent(
              "asr_model_missing",
              asrProblem + ": speech to text skipped (give an existing CTC export and vocabulary)");
    } else {
      try {
        float[] vocals = AudioDescriptors.mono16k(WavReader.read(dir.resolve("vocals.wav")));
        List<Srt.Cue> cues =
            transcriber.transcribe(
                vocals, SpeechSegments.read(dir.resolve("speech_segments.json")));
        if (cues.isEmpty()) {
          r = Analyzer.absent("no_speech", "no words in the speech segments");
        } else {
          Files.writeString(dir.resolve(TRANSCRIPT), Srt.format(cues));
          long words = cues.stream().mapToLong(c -> c.text().split("\\s+").length).sum();
          r =
              Analyzer.ok(
                  List.of(TRANSCRIPT),
                  Map.of("cues", (double) cues.size(), "words", (double) words));
        }
      } catch (IOException | RuntimeException e) {
        r = Analyzer.failed("asr_error", e.toString());
      }
    }
    Map<String, ModalityResult> out = new TreeMap<>(results);
    out.put("transcript", r);
    return out;
  }

  private static boolean ok(Map<String, ModalityResult> results, String modality) {
    ModalityResult r = results.get(modality);
    return r != null && "ok".equals(r.getStatus());
  }

  /** Same media, and every modality this config runs ended ok or absent. */
  private boolean isComplete(VideoArtifacts a, VideoMetadata v) {
    if (a == null
        || (v.getMediaSha256() != null && !v.getMediaSha256().equals(a.getMediaSha256()))) {
      return false;
    }
    for (String m : config.modalities()) {
      ModalityResult r = a.getModalities().get(m);
      if (r == null || r.getStatus().equals("failed")) {
        return false;
      }
    }
    // images kept unanonymized when anonymization is asked for now: made again
    ModalityResult k = a.getModalities().get("keyframes");
    return config.anonymizeFaces == null
        || k == null
        || !"ok".equals(k.getStatus())
        || k.getStats().containsKey(ANONYMIZED);
  }

  @Override
  public void close() {
    analyzers.forEach(Analyzer::close);
  }
}
