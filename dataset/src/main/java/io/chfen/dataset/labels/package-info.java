/**
 * Emotion annotations: reading CSV or JSON Lines, the annotators' consensus per video and modality,
 * Krippendorff's alpha, and the facial expression model as one more rater of the visual labels.
 */
package io.chfen.dataset.labels;
