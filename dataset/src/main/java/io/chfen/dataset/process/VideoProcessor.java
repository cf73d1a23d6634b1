package io.chfen.dataset.process;

import io.chfen.artifacts.SubtitleCue;
import io.chfen.encode.AudioDescriptors;
import io.chfen.encode.CtcTranscriber;
import io.chfen.faces.FaceAnonymizer;
import io.chfen.files.FileOps;
import io.chfen.formats.Srt;
import io.chfen.formats.WavReader;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.RunLayout;
import io.chfen.media.Analyzer;
import io.chfen.media.MediaException;
import io.chfen.media.SinglePassDecoder;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Analysis;
import io.chfen.schemas.Status;
import io.chfen.schemas.Version;
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

  /** The keyframes stat that counts the face regions hidden (present: anonymized). */
  public static final String ANONYMIZED = "anonymizedRegions";

  /** The outcome for one video. */
  public record Outcome(VideoArtifacts artifacts, boolean reused) {}

  private final ProcessSpec config;
  private final SinglePassDecoder decoder;
  private final List<Analyzer> analyzers;
  private final Path mediaRoot;
  private final RunLayout out;
  // null: no speech to text configured, or its model could not be opened (asrProblem says why)
  private final CtcTranscriber transcriber;
  private final String asrProblem;

  /**
   * @param mediaRoot the directory {@code VideoMetadata.mediaPath} is relative to (the crawl
   *     output)
   * @param out the process output directory ({@code artifacts/} goes under it)
   */
  public VideoProcessor(ProcessSpec config, Path mediaRoot, Path out) {
    this.config = config.validate();
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
    this.out = RunLayout.at(out);
  }

  public Outcome process(VideoMetadata v) throws MediaException, IOException {
    if (v.getMediaPath() == null) {
      throw new MediaException("missing_file", v.getId() + " has no downloaded media");
    }
    Path media = FileOps.within(mediaRoot, v.getMediaPath().toString());
    Path dir = FileOps.recover(out.artifacts(v.getId()));
    VideoArtifacts existing = ArtifactsJson.read(dir);
    if (isComplete(existing, v)) {
      return new Outcome(existing, true);
    }
    Path tmp =
        out.artifacts()
            .resolve(RunLayout.ARTIFACTS_TMP_PREFIX + v.getId() + "-" + UUID.randomUUID());
    Files.createDirectories(tmp);
    try {
      SinglePassDecoder.Report r = decoder.decode(media, analyzers, tmp);
      VideoArtifacts a =
          VideoArtifacts.newBuilder()
              .setId(v.getId())
              .setMediaPath(v.getMediaPath())
              .setMediaSha256(v.getMediaSha256())
              .setArtifactsDir(RunLayout.ARTIFACTS + "/" + v.getId())
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
              .setPipelineVersion(Version.CURRENT)
              .build();
      ArtifactsJson.write(a, tmp);
      FileOps.replaceDirectory(tmp, dir);
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
    ModalityResult keyframes = results.get(Analysis.KEYFRAMES);
    if (config.anonymizeFaces == null || !Status.ok(keyframes)) {
      return results;
    }
    FaceAnonymizer.Result a =
        Status.ok(results.get(Analysis.FACES))
            ? FaceAnonymizer.apply(dir, config.anonymizeFaces, config.keyframeJpegQuality)
            : new FaceAnonymizer.Result(0, 0, 0);
    Map<String, ModalityResult> out = new TreeMap<>(results);
    Map<String, Double> stats = new TreeMap<>(keyframes.getStats());
    stats.put(ANONYMIZED, (double) a.regions());
    out.put(Analysis.KEYFRAMES, ModalityResult.newBuilder(keyframes).setStats(stats).build());
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
    if (Status.ok(results.get(Analysis.SUBTITLES))) {
      r = Analyzer.absent("subtitles_present", "the text modality reads the subtitles");
    } else if (!Status.ok(results.get(Analysis.SEPARATION))) {
      r = Analyzer.absent("no_vocals", "no separated vocals to transcribe");
    } else if (transcriber == null) {
      r =
          Analyzer.absent(
              "asr_model_missing",
              asrProblem + ": speech to text skipped (give an existing CTC export and vocabulary)");
    } else {
      try {
        float[] vocals =
            AudioDescriptors.mono16k(WavReader.read(dir.resolve(ArtifactFiles.VOCALS)));
        List<SubtitleCue> cues =
            transcriber.transcribe(
                vocals, SpeechSegments.read(dir.resolve(ArtifactFiles.SPEECH_SEGMENTS)));
        if (cues.isEmpty()) {
          r = Analyzer.absent("no_speech", "no words in the speech segments");
        } else {
          Srt.write(dir.resolve(ArtifactFiles.TRANSCRIPT), cues);
          long words = cues.stream().mapToLong(c -> c.text().split("\\s+").length).sum();
          r =
              Analyzer.ok(
                  List.of(ArtifactFiles.TRANSCRIPT),
                  Map.of("cues", (double) cues.size(), "words", (double) words));
        }
      } catch (IOException | RuntimeException e) {
        r = Analyzer.failed("asr_error", e.toString());
      }
    }
    Map<String, ModalityResult> out = new TreeMap<>(results);
    out.put(Analysis.TRANSCRIPT, r);
    return out;
  }

  /** Same media, and every modality this config runs ended ok or absent. */
  private boolean isComplete(VideoArtifacts a, VideoMetadata v) {
    if (a == null
        || (v.getMediaSha256() != null && !v.getMediaSha256().equals(a.getMediaSha256()))) {
      return false;
    }
    for (String m : config.modalities()) {
      ModalityResult r = a.getModalities().get(m);
      if (r == null || r.getStatus().equals(Status.FAILED)) {
        return false;
      }
    }
    // images kept unanonymized when anonymization is asked for now: made again
    ModalityResult k = a.getModalities().get(Analysis.KEYFRAMES);
    return config.anonymizeFaces == null || !Status.ok(k) || k.getStats().containsKey(ANONYMIZED);
  }

  @Override
  public void close() {
    analyzers.forEach(Analyzer::close);
  }
}
