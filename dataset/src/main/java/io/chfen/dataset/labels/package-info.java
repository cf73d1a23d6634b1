/**
 * Emotion annotations: reading CSV or JSON Lines, the annotators' consensus per video and modality,
 * and Krippendorff's alpha.
 */
package io.chfen.dataset.labels;
