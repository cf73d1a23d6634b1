/**
 * The single-pass decoder: one FFmpeg decode per video feeding every {@link
 * io.chfen.media.Analyzer} the frames and audio it asks for, with the guards (duration, pixels,
 * time budget) and the errors that name what is wrong with a file.
 */
package io.chfen.media;
