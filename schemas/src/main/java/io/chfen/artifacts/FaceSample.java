package io.chfen.artifacts;

/**
 * One face in one sampled frame.
 *
 * @param t time, seconds
 * @param box {x, y, width, height} in the frame's pixels
 * @param score the detector's confidence
 * @param sharpness variance of the Laplacian of the face
 * @param yaw estimated head turn, -1 (left) to 1 (right)
 * @param landmarks 68 points, x0, y0, x1, y1, ...
 * @param expression the facial expression model's probabilities of its classes (neutral, happy,
 *     sad, angry, fearful, disgusted, surprised), or null when it did not run
 */
public record FaceSample(
    double t,
    int[] box,
    double score,
    double sharpness,
    double yaw,
    double[] landmarks,
    double[] expression) {}
