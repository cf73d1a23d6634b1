package io.chfen.dataset.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.dataset.labels.Annotations;
import io.chfen.dataset.labels.Consensus;
import io.chfen.dataset.process.ProcessSpec;
import io.chfen.dataset.process.VideoProcessor;
import io.chfen.dataset.process.VideoProcessorTest;
import io.chfen.encode.AudioDescriptors;
import io.chfen.encode.FrameDescriptor;
import io.chfen.encode.OnnxAudioEncoder;
import io.chfen.encode.OnnxImageEncoder;
import io.chfen.encode.TextEncoder;
import io.chfen.files.Location;
import io.chfen.models.ModelFiles;
import io.chfen.models.ModelRegistry;
import io.chfen.models.TestModels;
import io.chfen.records.EncodedSample;
import io.chfen.records.Tensor;
import io.chfen.records.VideoArtifacts;
import io.chfen.records.VideoMetadata;
import io.chfen.sample.SampleData;
import io.chfen.schemas.Tensors;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corpus videos through the real process stage, then encoded on a 1 s grid. */
public class SampleEncoderTest {
  @TempDir static Path out;
  private static VideoArtifacts c07;
  private static VideoArtifacts c11;

  @BeforeAll
  static void process() throws Exception {
    try (VideoProcessor p =
        new VideoProcessor(new ProcessSpec(), Location.of(SampleData.corpus()), Location.of(out))) {
      c07 = p.process(VideoProcessorTest.video("demo_v007", "c07.mp4")).artifacts();
      c11 = p.process(VideoProcessorTest.video("demo_v011", "c11.mp4")).artifacts();
    }
  }

  /** Metadata with only a title, as a page that declares nothing else gives. */
  public static VideoMetadata titled(String title) {
    return VideoMetadata.newBuilder()
        .setId("t")
        .setSource("test")
        .setPageUrl("http://test/t")
        .setCanonicalUrl("http://test/t")
        .setCrawledAt(java.time.Instant.EPOCH)
        .setTitle(title)
        .build();
  }

  private static Consensus consensus() throws Exception {
    return new Consensus(Annotations.sample().rows(), 0.4);
  }

  @Test
  void everyModalityLandsOnTheGridWithItsMask() throws Exception {
    try (SampleEncoder enc = new SampleEncoder(new EncodeSpec())) {
      EncodedSample s =
          enc.encode(
              c07,
              out.resolve(c07.getArtifactsDir()),
              titled("三个人，一个故事：从相遇到告别"),
              consensus().video("demo_v007").orElseThrow(),
              "train");
      assertEquals(32, s.getSteps());
      // three people on screen about 8.5 + 8.2 + 7.3 s (truth), each entering and leaving
      int faces = count(s.getFacesMask());
      assertTrue(faces >= 19 && faces <= 26, "steps with a face: " + faces);
      assertArrayEquals(new int[] {32, 1792}, Tensors.shape(s.getFrames()));
      assertArrayEquals(
          new int[] {32, FrameDescriptor.FEATURES.size()}, Tensors.shape(s.getFrameQuality()));
      assertEquals(32, count(s.getFramesMask()));
      assertTrue(
          s.getProvenance().getEncoders().get("frames").startsWith("mobilenet-v2-frames "),
          s.getProvenance().getEncoders().toString());
      // per person and step, the expression probabilities where their face was classified
      int[] shape = Tensors.shape(s.getExpressions());
      assertEquals(3, shape.length);
      assertTrue(shape[0] >= 3, "a row per person: " + shape[0]);
      assertEquals(32, shape[1]);
      assertEquals(7, shape[2]);
      float[] e = Tensors.floats(s.getExpressions());
      boolean[] seen = Tensors.booleans(s.getExpressionsMask());
      int classified = 0;
      for (int cell = 0; cell < seen.length; cell++) {
        double sum = 0;
        for (int k = 0; k < 7; k++) {
          sum += e[cell * 7 + k];
        }
        assertEquals(seen[cell] ? 1 : 0, sum, 1e-3, "cell " + cell);
        classified += seen[cell] ? 1 : 0;
      }
      assertTrue(classified >= faces, classified + " person-steps for " + faces + " face steps");
      assertTrue(s.getVisualPriorMask());
      double prior = 0;
      for (float v : Tensors.floats(s.getVisualPrior())) {
        assertTrue(v >= 0);
        prior += v;
      }
      assertTrue(prior > 0 && prior <= 1 + 1e-4, "1 minus the neutral share: " + prior);
      assertArrayEquals(new int[] {32, 512}, Tensors.shape(s.getText()));
      // eight cues over about 26 of the 32 seconds
      int text = count(s.getTextMask());
      assertTrue(text >= 20 && text <= 30, "steps with a subtitle: " + text);
      assertEquals(32, count(s.getVocalsMask()));
      assertTrue(s.getVocalsGlobalMask() && s.getMusicGlobalMask() && s.getTitleMask());
      float[] music = Tensors.floats(s.getMusicGlobal());
      double bpm = music[AudioDescriptors.MUSIC_GLOBAL_FEATURES.indexOf("tempo_bpm")] * 200;
      assertEquals(170, bpm, 6, "chaos_god is charted at 170 BPM");
      assertEquals(3, s.getLabels().get("overall").getAnnotators());
      assertEquals("ok", s.getStatus().get("faces"));
      assertTrue(s.getProvenance().getEncoders().get("text").startsWith("bge-small-zh-v1.5-q "));
      // a re-run gives the same numbers
      EncodedSample again =
          enc.encode(
              c07,
              out.resolve(c07.getArtifactsDir()),
              titled("三个人，一个故事：从相遇到告别"),
              consensus().video("demo_v007").orElseThrow(),
              "train");
      assertEquals(s, again);
    }
  }

  @Test
  void aVideoWithoutSoundHasItsAudioMaskedAndSaysWhy() throws Exception {
    try (SampleEncoder enc = new SampleEncoder(new EncodeSpec())) {
      EncodedSample s =
          enc.encode(c11, out.resolve(c11.getArtifactsDir()), titled(""), null, "test");
      assertEquals(10, s.getSteps());
      assertEquals(0, count(s.getVocalsMask()));
      assertEquals(0, count(s.getMusicMask()));
      assertFalse(s.getVocalsGlobalMask() || s.getMusicGlobalMask() || s.getTitleMask());
      assertEquals("absent:no_audio_track", s.getStatus().get("separation"));
      for (float v : Tensors.floats(s.getVocals())) {
        assertEquals(0f, v);
      }
      assertTrue(s.getLabels().isEmpty(), "unlabelled, still encoded");
      assertTrue(count(s.getFacesMask()) >= 8, "the cameraman is on screen throughout");
    }
  }

  @Test
  void anOnnxImageModelCanEncodeTheKeyframesInstead() throws Exception {
    OnnxImageEncoder.Config c = new OnnxImageEncoder.Config();
    ModelRegistry.Model m = ModelRegistry.get("ppocr-cls");
    c.model = ModelFiles.verified(ModelFiles.dir(), m.file(".onnx")).toString();
    c.sha256 = m.sha256();
    c.width = 192;
    c.height = 48;
    c.normalize = false;
    try (SampleEncoder enc = new SampleEncoder(spec(c, null))) {
      EncodedSample s =
          enc.encode(c11, out.resolve(c11.getArtifactsDir()), titled("无声"), null, "test");
      assertArrayEquals(new int[] {10, 2}, Tensors.shape(s.getFrames()));
      assertEquals(10, count(s.getFramesMask()));
      assertTrue(
          s.getProvenance()
              .getEncoders()
              .get("frames")
              .startsWith("ch_ppocr_mobile_v2.0_cls_infer.onnx " + m.sha256()),
          s.getProvenance().getEncoders().get("frames"));
    }
  }

  @Test
  void onnxAudioModelsCanEncodeTheVocalsAndMusicInstead() throws Exception {
    OnnxAudioEncoder.Config c = new OnnxAudioEncoder.Config();
    c.model = TestModels.file("conv-audio-encoder.onnx").toString();
    try (SampleEncoder enc = new SampleEncoder(spec(null, c))) {
      EncodedSample s =
          enc.encode(c07, out.resolve(c07.getArtifactsDir()), titled("三个人"), null, "train");
      assertArrayEquals(new int[] {32, 4}, Tensors.shape(s.getVocals()));
      assertArrayEquals(new int[] {32, 4}, Tensors.shape(s.getMusic()));
      assertArrayEquals(new int[] {4}, Tensors.shape(s.getMusicGlobal()));
      assertEquals(32, count(s.getVocalsMask()));
      assertTrue(
          s.getProvenance().getEncoders().get("vocals").startsWith("conv-audio-encoder.onnx"));
    }
  }

  @Test
  void languageAndMetadataContextAreEncoded() throws Exception {
    try (SampleEncoder enc = new SampleEncoder(new EncodeSpec());
        TextEncoder text = new TextEncoder(ModelFiles.dir())) {
      Path dir = out.resolve(c11.getArtifactsDir());
      // no language declared: the title's script, else the subtitles'
      assertEquals(
          "en", enc.encode(c11, dir, titled("A silent cameraman"), null, "test").getLanguage());
      assertEquals("zh", enc.encode(c11, dir, titled(""), null, "test").getLanguage(), "这个视频没有音轨");
      EncodedSample none = enc.encode(c11, dir, null, null, "test");
      assertFalse(none.getContextMask());
      assertEquals(
          0, Tensors.floats(none.getContext())[ContextVector.FEATURES.indexOf("has_tags")]);

      VideoMetadata m =
          VideoMetadata.newBuilder(titled("无声的摄影师"))
              .setLanguage("en") // the page's word wins over the script
              .setPublishedAt(java.time.Instant.parse("2026-11-23T18:00:00Z")) // a Monday
              .setViewCount(1_000_000L)
              .setLikeCount(0L)
              .setTags(List.of("摄影", "camera"))
              .build();
      EncodedSample s = enc.encode(c11, dir, m, null, "test");
      assertEquals("en", s.getLanguage());
      assertTrue(s.getContextMask());
      float[] c = Tensors.floats(s.getContext());
      assertEquals(ContextVector.FEATURES.size() + text.dimension(), c.length);
      assertEquals(-1, c[ContextVector.FEATURES.indexOf("hour_sin")], 1e-6, "18 h");
      assertEquals(0, c[ContextVector.FEATURES.indexOf("weekday_sin")], 1e-6, "Monday");
      assertEquals(1, c[ContextVector.FEATURES.indexOf("weekday_cos")], 1e-6, "Monday");
      assertEquals(Math.log1p(1e6) / 10, c[ContextVector.FEATURES.indexOf("log_views")], 1e-6);
      assertEquals(0, c[ContextVector.FEATURES.indexOf("log_likes")], "no likes, but known");
      assertEquals(1, c[ContextVector.FEATURES.indexOf("has_likes")]);
      assertEquals(0, c[ContextVector.FEATURES.indexOf("has_comments")], "not on the page");
      assertEquals(Math.log1p(10) / 5, c[ContextVector.FEATURES.indexOf("log_duration")], 1e-3);
      float[] tags = text.encode(List.of("摄影, camera"))[0];
      assertArrayEquals(
          tags,
          java.util.Arrays.copyOfRange(c, ContextVector.FEATURES.size(), c.length),
          "the tags' embedding follows");
    }
  }

  private static int count(Tensor mask) {
    int n = 0;
    for (boolean b : Tensors.booleans(mask)) {
      n += b ? 1 : 0;
    }
    return n;
  }

  /** The default spec with these ONNX encoders (null: the engineered ones). */
  private static EncodeSpec spec(OnnxImageEncoder.Config frames, OnnxAudioEncoder.Config audio) {
    EncodeSpec s = new EncodeSpec();
    s.frameModel = frames;
    s.vocalsModel = audio;
    s.musicModel = audio;
    return s;
  }
}
