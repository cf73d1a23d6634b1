package io.chfen.artifacts;

import java.util.List;

/**
 * One unique person in a video: the tracks clustered as theirs (across cuts and occlusions).
 *
 * @param id {@code p01}, {@code p02}, ... by visibility
 * @param seconds how long they are visible
 * @param crops their best aligned face crops, relative to the artifacts directory
 * @param embedding the weighted mean of their tracks' face embeddings (unit length, rounded)
 */
public record Person(
    String id, double seconds, List<String> crops, double[] embedding, List<FaceTrack> tracks) {}
