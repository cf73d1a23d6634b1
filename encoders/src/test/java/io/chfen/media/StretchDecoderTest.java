package io.chfen.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.chfen.records.ModalityResult;
import io.chfen.sample.SampleData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stretches decoded again show exactly the frames the single pass shows at those times, pixel for
 * pixel, with fewer seeks than stretches where reading on is cheaper — on the field corpus's long
 * key-frame intervals (250 frames), its copy in Matroska, and one whose video starts at 3 s.
 */
class StretchDecoderTest {
  @TempDir Path tmp;

  /** Every frame's timestamp → a checksum of its BGR pixels, as the single pass converts them. */
  static final class Pixels implements Analyzer {
    final Map<Long, Long> crc = new LinkedHashMap<>();

    @Override
    public String modality() {
      return "pixels";
    }

    @Override
    public double frameRate() {
      return ALL_FRAMES;
    }

    @Override
    public void begin(MediaInfo info, Path outDir) {}

    @Override
    public void frame(FrameSample f) {
      crc.put(f.timestampUs(), checksum(f.bgr()));
    }

    @Override
    public ModalityResult end(double decodedDurationS) {
      return Analyzer.ok(List.of(), Map.of());
    }
  }

  static long checksum(Mat m) {
    CRC32 c = new CRC32();
    byte[] row = new byte[m.cols() * m.channels()];
    for (int y = 0; y < m.rows(); y++) {
      m.ptr(y).get(row);
      c.update(row);
    }
    return c.getValue();
  }

  /** What a stretch was shown. */
  record Seen(StretchDecoder.Stretch stretch, Map<Long, Long> frames) {}

  static Seen watch(long fromUs, long toUs, int atMost) {
    Map<Long, Long> frames = new LinkedHashMap<>();
    return new Seen(
        new StretchDecoder.Stretch(
            fromUs,
            toUs,
            (ts, m) -> {
              frames.put(ts, checksum(m));
              return frames.size() < atMost;
            }),
        frames);
  }

  private Path variant(String how) throws Exception {
    Path src = SampleData.fieldCorpus().resolve("f01.mp4");
    if (how.equals("mp4")) {
      return src;
    }
    Path out = tmp.resolve("f01-" + how + (how.equals("mkv") ? ".mkv" : ".mp4"));
    List<String> cmd =
        new ArrayList<>(List.of("ffmpeg", "-v", "error", "-y", "-i", src.toString()));
    cmd.addAll(List.of("-c", "copy"));
    if (how.equals("offset")) {
      cmd.addAll(List.of("-output_ts_offset", "3"));
    }
    cmd.add(out.toString());
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    assertEquals(0, p.waitFor(), "ffmpeg " + cmd);
    assertTrue(Files.size(out) > 0);
    return out;
  }

  @ParameterizedTest
  @CsvSource({"mp4", "mkv", "offset"})
  void stretchesShowTheFramesOfThePassAndReadOnInsteadOfSeekingWhereThatIsCheaper(String how)
      throws Exception {
    Path file = variant(how);
    Pixels pass = new Pixels();
    new SinglePassDecoder(DecodeLimits.DEFAULT, 1).decode(file, List.of(pass), tmp);
    List<Long> times = new ArrayList<>(pass.crc.keySet());
    assertTrue(times.size() > 250, "frames " + times.size());
    // frame indices: two overlapping stretches, one nearby, one empty, one cut short by its
    // watcher, then one beyond the next key frame (f01 has one every 250 frames)
    int[][] at = {{20, 30}, {25, 40}, {60, 70}, {90, 90}, {100, 140}, {262, 270}};
    List<Seen> seen = new ArrayList<>();
    for (int[] r : at) {
      seen.add(watch(times.get(r[0]), times.get(r[1]), r[0] == 100 ? 3 : Integer.MAX_VALUE));
    }
    StretchDecoder.Work work =
        StretchDecoder.decode(file, seen.stream().map(Seen::stretch).toList());
    for (int i = 0; i < at.length; i++) {
      int end = at[i][0] == 100 ? at[i][0] + 3 : at[i][1];
      Map<Long, Long> expected = new LinkedHashMap<>();
      for (int k = at[i][0]; k < end; k++) {
        expected.put(times.get(k), pass.crc.get(times.get(k)));
      }
      assertEquals(expected, seen.get(i).frames(), how + ": stretch " + i);
    }
    // the first stretch is sought, the rest up to frame 140 are read on to, frame 262 lies past
    // the key frame at 250: sought again
    assertEquals(2, work.seeks(), how + ": " + work);
    assertEquals((40 - 20) + (70 - 60) + 3 + (270 - 262), work.converted(), how + ": " + work);
    // a seek may land a frame early (JavaCV rounds frame times), so up to one more per seek
    long read = (103 - 20) + (270 - 262);
    assertTrue(work.decoded() >= read && work.decoded() <= read + work.seeks(), how + ": " + work);
  }

  @Test
  void noStretchesDecodeNothing() throws Exception {
    Path file = SampleData.fieldCorpus().resolve("f01.mp4");
    assertEquals(new StretchDecoder.Work(0, 0, 0), StretchDecoder.decode(file, List.of()));
  }
}
