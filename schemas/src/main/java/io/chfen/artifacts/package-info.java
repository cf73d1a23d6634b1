/**
 * The typed contents of the files stages hand each other: subtitle cues, the faces file (persons,
 * tracks, samples), the faces' ground truth.
 */
package io.chfen.artifacts;
