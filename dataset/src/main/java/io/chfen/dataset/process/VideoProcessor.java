package io.chfen.dataset.process;

import io.chfen.artifacts.SubtitleCue;
import io.chfen.encode.AudioDescriptors;
import io.chfen.encode.CtcTranscriber;
import io.chfen.faces.FaceAnonymizer;
import io.chfen.files.Location;
import io.chfen.formats.Srt;
import io.chfen.formats.WavReader;
import io.chfen.layout.ArtifactFiles;
import io.chfen.layout.RunLayout;
import io.chfen.media.Analyzer;
import io.chfen.media.CpuMeter;
import io.chfen.media.MediaException;
import io.chfen.media.SinglePassDecoder;
import io.chfen.records.ModalityResult;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Analysis;
import io.chfen.schemas.Status;
import io.chfen.schemas.Version;
import io.chfen.separation.SpeechSegments;
import io.chfen.storage.Scratch;
import io.chfen.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one video into {@code artifacts/<id>/}: one decoding pass through every analyzer,
 * written into a temporary folder that replaces the video's folder only when complete ({@link
 * Storage#replaceFolder}: renamed on a local disk; in an object store uploaded with {@code
 * artifacts.json} last), so a crash never leaves a half-written folder that looks finished. A
 * folder whose {@code artifacts.json} matches the media and has a final status for every modality
 * is reused as it is. Media in an object store is copied into the worker's {@link Scratch} first,
 * and the scratch is emptied after each video. Not thread-safe (its analyzers are not); use one per
 * worker thread.
 */
public final class VideoProcessor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VideoProcessor.class);

  /** The keyframes stat that counts the face regions hidden (present: anonymized). */
  public static final String ANONYMIZED = "anonymizedRegions";

  /**
   * The outcome for one video. {@code stageRecord} is what the stage emits: the artifacts with the
   * CPU spent writing them ({@link CpuMeter#WRITE}: {@code artifacts.json} and the folder's rename
   * or upload), which {@code artifacts.json} itself, written before, cannot hold.
   */
  public record Outcome(VideoArtifacts artifacts, boolean reused, double writeMs) {
    public VideoArtifacts stageRecord() {
      if (reused || writeMs <= 0) {
        return artifacts;
      }
      java.util.Map<String, Double> cpu = new java.util.LinkedHashMap<>(artifacts.getCpuMs());
      cpu.merge(CpuMeter.WRITE, writeMs, Double::sum);
      return VideoArtifacts.newBuilder(artifacts).setCpuMs(cpu).build();
    }
  }

  private final ProcessSpec config;
  private final SinglePassDecoder decoder;
  private final List<Analyzer> analyzers;
  private final Location mediaRoot;
  private final RunLayout out;
  // null: no speech to text configured, or its model could not be opened (asrProblem says why)
  private final CtcTranscriber transcriber;
  private final String asrProblem;
  // CPU ms spent loading the models, charged to the first video this processor makes
  private double modelsMs;

  /**
   * @param mediaRoot the directory {@code VideoMetadata.mediaPath} is relative to (the crawl
   *     output)
   * @param out the process output directory ({@code artifacts/} goes under it)
   */
  public VideoProcessor(ProcessSpec config, Location mediaRoot, Location out) {
    double cpu0 = CpuMeter.threadMillis();
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
    this.modelsMs = CpuMeter.threadMillis() - cpu0;
  }

  public Outcome process(VideoMetadata v) throws MediaException, IOException {
    if (v.getMediaPath() == null) {
      throw new MediaException("missing_file", v.getId() + " has no downloaded media");
    }
    Location stored = mediaRoot.resolve(v.getMediaPath().toString());
    Location dir = Storage.recoverFolder(out.artifacts(v.getId()));
    VideoArtifacts existing = ArtifactsJson.read(dir);
    if (isComplete(existing, v)) {
      return new Outcome(existing, true, 0);
    }
    CpuMeter meter = new CpuMeter();
    meter.add(CpuMeter.MODELS, modelsMs);
    modelsMs = 0;
    try (Scratch work = scratch(v)) {
      Path media = stored.isLocal() ? stored.path() : work.dir().resolve(stored.name());
      if (!stored.isLocal()) {
        if (!Storage.exists(stored)) {
          throw new MediaException("missing_file", stored + " does not exist");
        }
        Storage.download(stored, media);
        meter.charge(CpuMeter.FETCH);
      }
      Path tmp = Files.createDirectories(work.dir().resolve("fresh"));
      SinglePassDecoder.Report r = decoder.decode(media, analyzers, tmp, meter);
      Map<String, ModalityResult> modalities =
          transcribe(anonymize(r.results(), tmp, meter), tmp, meter);
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
              .setModalities(modalities)
              .setProcessedAt(Instant.now())
              .setPipelineVersion(Version.CURRENT)
              .setCpuMs(meter.millis())
              .build();
      ArtifactsJson.write(a, tmp);
      Storage.replaceFolder(tmp, dir, ArtifactFiles.ARTIFACTS);
      meter.charge(CpuMeter.WRITE);
      return new Outcome(a, false, meter.millis().getOrDefault(CpuMeter.WRITE, 0.0));
    }
  }

  /** Room for the media, its decoded audio stems and keyframes, and then some. */
  private static final long SCRATCH_MARGIN_BYTES = 512L << 20;

  /**
   * The video's working folder: beside its artifacts on a local disk (the finished folder is
   * renamed into place), else the worker's scratch.
   */
  private Scratch scratch(VideoMetadata v) throws IOException {
    if (out.isLocal()) {
      return Scratch.in(out.artifacts().path(), RunLayout.ARTIFACTS_TMP_PREFIX + v.getId());
    }
    long media = v.getMediaBytes() == null ? 0 : v.getMediaBytes();
    return Scratch.create(v.getId().toString(), 3 * media + SCRATCH_MARGIN_BYTES);
  }

  /**
   * With {@code anonymizeFaces}: the tracked faces hidden in the keyframes and crops, counted in
   * the keyframes' stats ({@code anonymizedRegions}), which also marks the directory as done so.
   */
  private Map<String, ModalityResult> anonymize(
      Map<String, ModalityResult> results, Path dir, CpuMeter meter) throws IOException {
    ModalityResult keyframes = results.get(Analysis.KEYFRAMES);
    if (config.anonymizeFaces == null || !Status.ok(keyframes)) {
      return results;
    }
    FaceAnonymizer.Result a =
        Status.ok(results.get(Analysis.FACES))
            ? FaceAnonymizer.apply(dir, config.anonymizeFaces, config.keyframeJpegQuality)
            : new FaceAnonymizer.Result(0, 0, 0);
    meter.charge(CpuMeter.ANONYMIZE);
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
  private Map<String, ModalityResult> transcribe(
      Map<String, ModalityResult> results, Path dir, CpuMeter meter) {
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
    meter.charge(Analysis.TRANSCRIPT);
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
