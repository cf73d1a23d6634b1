/**
 * Faces: detection (UltraFace, Haar), tracking within shots, verification, identity embeddings,
 * facial expression (face-api's model, {@link io.chfen.faces.FaceExpressions}), clustering tracks
 * into persons ({@link io.chfen.faces.FaceAnalyzer}), and anonymization of the stored images.
 */
package io.chfen.faces;
