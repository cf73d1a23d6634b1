package io.chfen.dataset.encode;

import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;

import io.chfen.artifacts.FacesFile;
import io.chfen.artifacts.SubtitleCue;
import io.chfen.dataset.crawl.VideoRecords;
import io.chfen.dataset.labels.Consensus;
import io.chfen.encode.AudioDescriptors;
import io.chfen.encode.FrameDescriptor;
import io.chfen.encode.OnnxAudioEncoder;
import io.chfen.encode.OnnxImageEncoder;
import io.chfen.encode.TextEncoder;
import io.chfen.faces.FaceExpressions;
import io.chfen.formats.Srt;
import io.chfen.formats.WavReader;
import io.chfen.layout.ArtifactFiles;
import io.chfen.models.ModelRegistry;
import io.chfen.models.Onnx;
import io.chfen.process.KeyframeSampler;
import io.chfen.records.EncodedSample;
import io.chfen.records.ModalityLabels;
import io.chfen.records.ModalityResult;
import io.chfen.records.Provenance;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.schemas.Analysis;
import io.chfen.schemas.Plutchik;
import io.chfen.schemas.Schemas;
import io.chfen.schemas.Status;
import io.chfen.schemas.Tensors;
import io.chfen.schemas.Version;
import io.chfen.separation.SpeechSegments;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Turns one processed video (its artifacts directory and title) into an {@link EncodedSample}:
 * every modality on a common time grid of {@code stepS} seconds (T = ceil(duration / stepS) steps),
 * with a mask per step, and the whole-clip vectors; labels from the annotators' consensus when the
 * video has any. A missing modality (no audio track, no subtitles, no faces) is zeros with its mask
 * off, and its status says why. Not thread-safe (one video at a time); the text model is shared.
 */
public final class SampleEncoder implements AutoCloseable {
  public static final String FRAMES_ENCODER = "frame-descriptor-v1";

  /** The default keyframe model (models.yaml). */
  public static final String FRAME_MODEL = "mobilenet-v2-frames";

  public static final String AUDIO_ENCODER = "audio-descriptors-v1";

  private final double stepS;
  private final TextEncoder text;
  private final FrameDescriptor frames = new FrameDescriptor();
  private final OnnxImageEncoder frameModel;
  private final int frameDim;
  private final String frameProvenance;
  private final AudioModel vocalsModel;
  private final AudioModel musicModel;

  /** An ONNX audio encoder, its output dimension and its provenance. */
  private static final class AudioModel {
    final OnnxAudioEncoder encoder;
    final int dim;
    final String provenance;

    AudioModel(OnnxAudioEncoder.Config c) {
      encoder = new OnnxAudioEncoder(c);
      dim = encoder.clip(new float[AudioDescriptors.RATE]).length;
      provenance =
          Path.of(c.model).getFileName()
              + " "
              + (c.sha256 != null ? c.sha256 : "unverified")
              + " "
              + dim;
    }
  }

  /** The encoder {@code spec} describes: its grid, its models (null: the engineered ones). */
  public SampleEncoder(EncodeSpec spec) {
    this(
        spec.models(),
        spec.stepS,
        spec.engineeredFrames,
        spec.frameModel,
        spec.vocalsModel,
        spec.musicModel);
  }

  private SampleEncoder(
      Path modelsDir,
      double stepS,
      boolean engineeredFrames,
      OnnxImageEncoder.Config frameModel,
      OnnxAudioEncoder.Config vocalsModel,
      OnnxAudioEncoder.Config musicModel) {
    this.stepS = stepS;
    this.vocalsModel = vocalsModel == null ? null : new AudioModel(vocalsModel);
    this.musicModel = musicModel == null ? null : new AudioModel(musicModel);
    this.text = new TextEncoder(modelsDir);
    if (engineeredFrames) {
      this.frameModel = null;
      this.frameDim = FrameDescriptor.FEATURES.size();
      this.frameProvenance = FRAMES_ENCODER + " engineered " + frameDim;
    } else if (frameModel == null) {
      ModelRegistry.Model m = ModelRegistry.get(FRAME_MODEL);
      OnnxImageEncoder.Config c = OnnxImageEncoder.Config.registered(modelsDir, m.name());
      OnnxImageEncoder opened = new OnnxImageEncoder(c);
      if (Onnx.batch() != c.batch) { // the session is open: its device decides the batch
        c.batch = Onnx.batch();
        opened = new OnnxImageEncoder(c);
      }
      this.frameModel = opened;
      this.frameDim = m.dim();
      this.frameProvenance = m.name() + " " + m.sha256() + " " + frameDim;
    } else {
      this.frameModel = new OnnxImageEncoder(frameModel);
      try (Mat probe = new Mat(8, 8, org.bytedeco.opencv.global.opencv_core.CV_8UC3)) {
        this.frameDim = this.frameModel.encode(List.of(probe))[0].length;
      }
      this.frameProvenance =
          Path.of(frameModel.model).getFileName()
              + " "
              + (frameModel.sha256 != null ? frameModel.sha256 : "unverified")
              + " "
              + frameDim;
    }
  }

  /**
   * @param dir the video's artifacts directory
   * @param meta its crawled metadata (title, language, the context), or null when there is none
   * @param labels the annotators' consensus for it, or null when unlabelled
   * @param split its split
   */
  public EncodedSample encode(
      VideoArtifacts a, Path dir, VideoMetadata meta, Consensus.VideoLabels labels, String split)
      throws IOException {
    String title = meta == null || meta.getTitle() == null ? null : meta.getTitle().toString();
    int steps = Math.max(1, (int) Math.ceil(a.getDurationS() / stepS - 1e-9));
    Map<String, String> status = new TreeMap<>();
    for (Map.Entry<String, ModalityResult> e : a.getModalities().entrySet()) {
      ModalityResult r = e.getValue();
      status.put(e.getKey(), Status.key(r));
    }
    boolean hasTitle = title != null && !title.isBlank();
    float[] titleVec =
        hasTitle ? text.encode(List.of(title.trim()))[0] : new float[text.dimension()];

    float[][] frameRows = new float[steps][];
    float[][] qualityRows = new float[steps][];
    float[][] faceRows = new float[steps][];
    float[] faceCount = new float[steps];
    FaceSteps faces =
        ok(a, Analysis.FACES)
            ? new FaceSteps(FacesFile.read(dir.resolve(ArtifactFiles.FACES)))
            : null;
    if (ok(a, Analysis.KEYFRAMES)) {
      describeFrames(dir, faces, frameRows, qualityRows);
    }
    if (faces != null) {
      faces.perStep(stepS, faceRows, faceCount);
    }
    FaceSteps.Expressions expressions =
        faces != null
            ? faces.expressions(stepS, steps)
            : new FaceSteps.Expressions(
                new float[0], new boolean[0], 0, FaceExpressions.LABELS.size());
    float[] visualPrior = faces != null ? faces.visualPrior() : null;
    // the subtitles, else what speech to text heard in the vocals
    List<SubtitleCue> cues =
        ok(a, Analysis.SUBTITLES)
            ? Srt.read(dir.resolve(ArtifactFiles.SUBTITLES))
            : ok(a, Analysis.TRANSCRIPT)
                ? Srt.read(dir.resolve(ArtifactFiles.TRANSCRIPT))
                : List.of();
    float[][] textRows = subtitles(cues, steps);

    float[][] vocalRows = new float[steps][];
    float[][] musicRows = new float[steps][];
    float[] vocalsGlobal = null;
    float[] musicGlobal = null;
    int vocalDim = vocalsModel != null ? vocalsModel.dim : AudioDescriptors.VOCAL_FEATURES.size();
    int musicDim = musicModel != null ? musicModel.dim : AudioDescriptors.MUSIC_FEATURES.size();
    int musicGlobalDim =
        musicModel != null ? musicModel.dim : AudioDescriptors.MUSIC_GLOBAL_FEATURES.size();
    if (ok(a, Analysis.SEPARATION)) {
      float[] vWave = AudioDescriptors.mono16k(WavReader.read(dir.resolve(ArtifactFiles.VOCALS)));
      float[] mWave = AudioDescriptors.mono16k(WavReader.read(dir.resolve(ArtifactFiles.MUSIC)));
      double[] speech = speechShare(dir.resolve(ArtifactFiles.SPEECH_SEGMENTS), steps);
      double total = 0;
      for (double s : speech) {
        total += s;
      }
      if (vocalsModel != null) {
        vocalRows = vocalsModel.encoder.steps(vWave, steps, stepS);
        vocalsGlobal = vocalsModel.encoder.clip(vWave);
      } else {
        AudioDescriptors.Frames v = AudioDescriptors.analyze(vWave);
        vocalRows = AudioDescriptors.vocals(v, steps, stepS, speech);
        vocalsGlobal = AudioDescriptors.vocalsGlobal(v, total / steps);
      }
      if (musicModel != null) {
        musicRows = musicModel.encoder.steps(mWave, steps, stepS);
        musicGlobal = musicModel.encoder.clip(mWave);
      } else {
        AudioDescriptors.Frames m = AudioDescriptors.analyze(mWave);
        musicRows = AudioDescriptors.music(m, steps, stepS);
        musicGlobal = AudioDescriptors.musicGlobal(m);
      }
    }

    int textDim = text.dimension();
    int faceDim = ModelRegistry.get("face-feature").dim();
    EncodedSample.Builder b =
        EncodedSample.newBuilder()
            .setId(a.getId())
            .setSplit(split)
            .setStepSeconds(stepS)
            .setSteps(steps)
            .setDurationS(a.getDurationS())
            .setTitle(Tensors.of(titleVec, textDim))
            .setTitleMask(hasTitle)
            .setVocalsGlobal(vector(vocalsGlobal, vocalDim))
            .setVocalsGlobalMask(vocalsGlobal != null)
            .setMusicGlobal(vector(musicGlobal, musicGlobalDim))
            .setMusicGlobalMask(musicGlobal != null)
            .setFrames(rows(frameRows, frameDim))
            .setFramesMask(mask(frameRows))
            .setFrameQuality(rows(qualityRows, FrameDescriptor.FEATURES.size()))
            .setFaces(rows(faceRows, faceDim))
            .setFaceCount(Tensors.of(faceCount, steps))
            .setFacesMask(mask(faceRows))
            .setExpressions(
                Tensors.of(
                    expressions.values(), expressions.persons(), steps, expressions.classes()))
            .setExpressionsMask(Tensors.mask(expressions.mask(), expressions.persons(), steps))
            .setVisualPrior(vector(visualPrior, Plutchik.NUM_EMOTIONS))
            .setVisualPriorMask(visualPrior != null)
            .setText(rows(textRows, textDim))
            .setTextMask(mask(textRows))
            .setVocals(rows(vocalRows, vocalDim))
            .setVocalsMask(mask(vocalRows))
            .setMusic(rows(musicRows, musicDim))
            .setMusicMask(mask(musicRows))
            .setLanguage(language(meta, title, cues))
            .setContext(
                Tensors.of(
                    meta == null
                        ? new float[ContextVector.dimension(text)]
                        : ContextVector.of(meta, a.getDurationS(), text),
                    ContextVector.dimension(text)))
            .setContextMask(meta != null)
            .setStatus(status)
            .setLabels(labels(labels))
            .setLowAgreement(labels != null && labels.lowAgreement())
            .setProvenance(provenance(a));
    return b.build();
  }

  private static boolean ok(VideoArtifacts a, String modality) {
    ModalityResult r = a.getModalities().get(modality);
    return Status.ok(r);
  }

  /**
   * Each keyframe's features (the frame model, batched) and engineered descriptor on its step, the
   * mean where a step holds several.
   */
  private void describeFrames(Path dir, FaceSteps faces, float[][] out, float[][] quality)
      throws IOException {
    // keyframes are held a batch at a time: a long video's keyframes at full size would not fit
    int batch = frameModel != null ? frameModel.batchSize() : 1;
    List<Mat> images = new ArrayList<>();
    List<Integer> pending = new ArrayList<>();
    List<Integer> stepOf = new ArrayList<>();
    try {
      for (KeyframeSampler.Keyframe k :
          KeyframeSampler.read(dir.resolve(ArtifactFiles.KEYFRAMES))) {
        int s = (int) Math.floor(k.t() / stepS);
        if (s < 0 || s >= out.length) {
          continue;
        }
        Mat img = imread(dir.resolve(k.file()).toString());
        if (img.empty()) {
          img.close();
          throw new IOException("cannot read keyframe " + dir.resolve(k.file()));
        }
        stepOf.add(s);
        float[] d =
            frames.describe(
                img,
                k.sharpness(),
                k.change(),
                faces == null ? List.of() : faces.boxesAt(k.t(), img.cols(), img.rows()));
        accumulate(quality, s, d);
        if (frameModel == null) {
          accumulate(out, s, d);
          img.close();
          continue;
        }
        images.add(img);
        pending.add(s);
        if (images.size() == batch) {
          encodeFrames(images, pending, out);
        }
      }
      if (!images.isEmpty()) {
        encodeFrames(images, pending, out);
      }
    } finally {
      images.forEach(Mat::close);
    }
    int[] count = new int[out.length];
    stepOf.forEach(s -> count[s]++);
    for (float[][] rows : List.of(out, quality)) {
      for (int s = 0; s < rows.length; s++) {
        if (count[s] > 1) {
          for (int i = 0; i < rows[s].length; i++) {
            rows[s][i] /= count[s];
          }
        }
      }
    }
  }

  /** The frame model on the held keyframes, onto their steps; the keyframes are released. */
  private void encodeFrames(List<Mat> images, List<Integer> steps, float[][] out) {
    float[][] features = frameModel.encode(images);
    for (int i = 0; i < features.length; i++) {
      accumulate(out, steps.get(i), features[i]);
    }
    images.forEach(Mat::close);
    images.clear();
    steps.clear();
  }

  private static void accumulate(float[][] rows, int s, float[] d) {
    if (rows[s] == null) {
      rows[s] = d.clone();
    } else {
      for (int i = 0; i < d.length; i++) {
        rows[s][i] += d[i];
      }
    }
  }

  /**
   * The page's declared language, else the script of the title, else of the subtitles: a Chinese
   * video with an English title stays zh only when the page says so.
   */
  static String language(VideoMetadata meta, String title, List<SubtitleCue> cues) {
    if (meta != null && meta.getLanguage() != null) {
      return meta.getLanguage().toString();
    }
    String fromTitle = VideoRecords.detectLanguage(title);
    if (fromTitle != null) {
      return fromTitle;
    }
    StringBuilder shown = new StringBuilder();
    cues.forEach(c -> shown.append(c.text()).append(' '));
    return VideoRecords.detectLanguage(shown.toString());
  }

  /** The embedding of the subtitle shown longest in each step (each distinct text once). */
  private float[][] subtitles(List<SubtitleCue> cues, int steps) {
    float[][] out = new float[steps][];
    if (cues.isEmpty()) {
      return out;
    }
    List<String> texts = new ArrayList<>();
    int[] shown = new int[steps];
    java.util.Arrays.fill(shown, -1);
    for (int s = 0; s < steps; s++) {
      long from = Math.round(s * stepS * 1000);
      long to = Math.round((s + 1) * stepS * 1000);
      long best = 0;
      for (SubtitleCue c : cues) {
        long overlap = Math.min(to, c.endMs()) - Math.max(from, c.startMs());
        if (overlap > best) {
          best = overlap;
          String t = c.oneLine();
          int idx = texts.indexOf(t);
          if (idx < 0) {
            texts.add(t);
            idx = texts.size() - 1;
          }
          shown[s] = idx;
        }
      }
    }
    float[][] emb = text.encode(texts);
    for (int s = 0; s < steps; s++) {
      if (shown[s] >= 0) {
        out[s] = emb[shown[s]];
      }
    }
    return out;
  }

  /** The share of each step the voice activity detector marked as speech. */
  private double[] speechShare(Path json, int steps) throws IOException {
    double[] share = new double[steps];
    if (!Files.exists(json)) {
      return share;
    }
    for (SpeechSegments.Segment seg : SpeechSegments.read(json)) {
      double from = seg.startMs() / 1000.0;
      double to = seg.endMs() / 1000.0;
      for (int s = (int) Math.floor(from / stepS); s < steps && s * stepS < to; s++) {
        double overlap = Math.min(to, (s + 1) * stepS) - Math.max(from, s * stepS);
        share[s] += Math.max(0, overlap) / stepS;
      }
    }
    return share;
  }

  private static Map<String, ModalityLabels> labels(Consensus.VideoLabels labels) {
    Map<String, ModalityLabels> out = new TreeMap<>();
    if (labels == null) {
      return out;
    }
    labels
        .modalities()
        .forEach(
            (m, l) ->
                out.put(
                    m.name().toLowerCase(Locale.ROOT),
                    ModalityLabels.newBuilder()
                        .setAnnotators(l.annotators())
                        .setIntensity(
                            Tensors.of(
                                l.intensity(), Plutchik.NUM_EMOTIONS, Plutchik.NUM_INTENSITIES))
                        .setAlpha(l.alpha())
                        .build()));
    return out;
  }

  /** Each tensor's encoder as this instance runs them. */
  public Map<String, String> provenanceOfEncoders() {
    Map<String, String> enc = encoders();
    enc.put("frames", frameProvenance);
    if (vocalsModel != null) {
      enc.put("vocals", vocalsModel.provenance);
      enc.put("vocalsGlobal", vocalsModel.provenance);
    }
    if (musicModel != null) {
      enc.put("music", musicModel.provenance);
      enc.put("musicGlobal", musicModel.provenance);
    }
    return enc;
  }

  /** Each tensor's default encoder: name, model SHA-256 (or "engineered") and dimension. */
  public static Map<String, String> encoders() {
    Map<String, String> enc = new LinkedHashMap<>();
    ModelRegistry.Model textModel = ModelRegistry.get(TextEncoder.DEFAULT_MODEL);
    String text = textModel.name() + " " + textModel.sha256() + " " + textModel.dim();
    enc.put("title", text);
    enc.put("text", text);
    ModelRegistry.Model face = ModelRegistry.get("face-feature");
    enc.put("faces", face.name() + " " + face.sha256() + " " + face.dim());
    ModelRegistry.Model frameModel = ModelRegistry.get(FRAME_MODEL);
    enc.put("frames", frameModel.name() + " " + frameModel.sha256() + " " + frameModel.dim());
    enc.put("frameQuality", FRAMES_ENCODER + " engineered " + FrameDescriptor.FEATURES.size());
    ModelRegistry.Model expression = ModelRegistry.get(FaceExpressions.MODEL);
    enc.put("expressions", expression.name() + " " + expression.sha256() + " " + expression.dim());
    enc.put(
        "visualPrior", expression.name() + " " + expression.sha256() + " " + Plutchik.NUM_EMOTIONS);
    enc.put("vocals", AUDIO_ENCODER + " engineered " + AudioDescriptors.VOCAL_FEATURES.size());
    enc.put(
        "vocalsGlobal", AUDIO_ENCODER + " engineered " + AudioDescriptors.VOCAL_FEATURES.size());
    enc.put("music", AUDIO_ENCODER + " engineered " + AudioDescriptors.MUSIC_FEATURES.size());
    enc.put(
        "musicGlobal",
        AUDIO_ENCODER + " engineered " + AudioDescriptors.MUSIC_GLOBAL_FEATURES.size());
    return enc;
  }

  private Provenance provenance(VideoArtifacts a) {
    return Provenance.newBuilder()
        .setPipelineVersion(Version.CURRENT)
        .setSchemaVersion(Schemas.SCHEMA_VERSION)
        .setMediaSha256(a.getMediaSha256())
        .setEncoders(provenanceOfEncoders())
        .build();
  }

  private static io.chfen.records.Tensor vector(float[] v, int dim) {
    return Tensors.of(v == null ? new float[dim] : v, dim);
  }

  /** [T, D] with zeros where a step has nothing. */
  private static io.chfen.records.Tensor rows(float[][] rows, int dim) {
    float[][] full = new float[rows.length][];
    for (int t = 0; t < rows.length; t++) {
      full[t] = rows[t] != null ? rows[t] : new float[dim];
    }
    return Tensors.matrix(full, dim);
  }

  private static io.chfen.records.Tensor mask(float[][] rows) {
    boolean[] m = new boolean[rows.length];
    for (int t = 0; t < rows.length; t++) {
      m[t] = rows[t] != null;
    }
    return Tensors.mask(m);
  }

  @Override
  public void close() {
    text.close();
    frames.close();
  }
}
