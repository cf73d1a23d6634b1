package io.chfen.media;

import java.nio.file.Path;

/**
 * What the container says about a media file before decoding.
 *
 * @param durationS the container's duration (0 when it does not say)
 */
public record MediaInfo(
    Path file,
    double durationS,
    int width,
    int height,
    double frameRate,
    String videoCodec,
    boolean hasAudio,
    int audioSampleRate,
    int audioChannels) {}
