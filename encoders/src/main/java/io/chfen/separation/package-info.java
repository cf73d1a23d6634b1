/**
 * Vocals and music: the speech-aware spectral separator, a user's ONNX separator, voice activity,
 * and SI-SDR to measure them.
 */
package io.chfen.separation;
