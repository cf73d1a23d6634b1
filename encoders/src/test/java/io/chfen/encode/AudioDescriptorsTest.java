package io.chfen.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chfen.formats.WavReader;
import io.chfen.sample.SampleData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engineered audio descriptors on the corpus's true stems. */
class AudioDescriptorsTest {
  /** The songs' tempo in their own notes.mid (Frets on Fire charts are played to it). */
  private static final Map<String, Double> MIDI_TEMPO =
      Map.of(
          "armygeddon",
          170.0,
          "chaos_god",
          170.0,
          "internal_degeneration",
          190.0,
          "mutilated_mime",
          180.0);

  private static AudioDescriptors.Frames frames(String clip, String stem) throws Exception {
    Path wav = SampleData.corpus().resolve(clip + "/truth/" + stem + ".wav");
    return AudioDescriptors.analyze(AudioDescriptors.mono16k(WavReader.read(wav)));
  }

  @Test
  void tempoOfEachSongIsItsChartTempo() throws Exception {
    for (String clip : new String[] {"c01", "c02", "c03", "c04"}) {
      String song =
          new ObjectMapper()
              .readTree(SampleData.corpus().resolve(clip + "/truth/meta.json").toFile())
              .get("song")
              .asText();
      double bpm = AudioDescriptors.tempo(frames(clip, "music"));
      double want = MIDI_TEMPO.get(song);
      assertEquals(want, bpm, 0.03 * want, clip + " " + song);
    }
  }

  @Test
  void vocalsHaveAVoicedSpeakingPitchAndStepsFollowTheGrid() throws Exception {
    AudioDescriptors.Frames v = frames("c09", "vocals");
    float[] g = AudioDescriptors.vocalsGlobal(v, 0.5);
    int f0 = AudioDescriptors.VOCAL_FEATURES.indexOf("f0_semitones_mean");
    double hz = 27.5 * Math.pow(2, g[f0] * 100 / 12);
    assertTrue(hz > 70 && hz < 250, "speaking pitch " + hz);
    assertTrue(g[AudioDescriptors.VOCAL_FEATURES.indexOf("voiced_ratio")] > 0.2);
    assertEquals(0.5f, g[AudioDescriptors.VOCAL_FEATURES.size() - 1]);
    double[] speech = new double[13];
    float[][] steps = AudioDescriptors.vocals(v, 13, 1.0, speech);
    assertEquals(AudioDescriptors.VOCAL_FEATURES.size(), steps[0].length);
    assertNull(steps[12], "the 13th second lies past the 12 s clip");
    for (float[] s : steps) {
      if (s != null) {
        for (float x : s) {
          assertTrue(Float.isFinite(x));
        }
      }
    }
    float[][] m = AudioDescriptors.music(frames("c01", "music"), 14, 1.0);
    assertEquals(AudioDescriptors.MUSIC_FEATURES.size(), m[0].length);
  }
}
