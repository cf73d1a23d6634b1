package io.chfen.artifacts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A video's {@code faces.json}: the persons found in it, each with the tracks that are theirs and
 * the embedding that identifies them; the shot cuts; what was dropped and why. The face analyzer
 * writes it, the encoder, the anonymizer, the evaluations and the report read it.
 *
 * @param detector the face detector that ran
 * @param fps face samples per second
 * @param width frame width in pixels (boxes are in these pixels)
 * @param height frame height
 * @param samples frames sampled
 * @param shotCuts times of the shot cuts, seconds
 * @param persons the unique persons, the most visible first
 * @param dropped tracks not kept, by reason
 * @param warnings what a person should know (a crowd cut to the most visible)
 */
public record FacesFile(
    String detector,
    double fps,
    int width,
    int height,
    int samples,
    List<Double> shotCuts,
    List<Person> persons,
    Dropped dropped,
    List<String> warnings) {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** Tracks not kept: too short (flicker), not confirmed by the second detector, over the cap. */
  public record Dropped(int shortTracks, int unverifiedTracks, int overCapTracks) {}

  public static FacesFile read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), FacesFile.class);
  }

  public void write(Path file) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
  }

  /** Every track of every person. */
  public List<FaceTrack> tracks() {
    return persons.stream().flatMap(p -> p.tracks().stream()).toList();
  }
}
