package io.chfen.artifacts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The truth of a video's faces in a ground-truth corpus: every frame's time and each face's box,
 * identity and visible share. The corpus generator writes it; the evaluations score {@code
 * faces.json} against it.
 *
 * @param known false where the faces are not annotated (the CGI clip)
 * @param persons the identities that appear
 */
public record FaceTruth(boolean known, List<String> persons, List<Frame> frames) {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** A face in one frame: its box (clipped to the frame) and how much of it shows. */
  public record Box(String person, int x, int y, int w, int h, double visibility) {}

  /** One frame's truth. */
  public record Frame(int index, long timeUs, List<Box> faces) {}

  public static FaceTruth read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), FaceTruth.class);
  }

  public void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }
}
