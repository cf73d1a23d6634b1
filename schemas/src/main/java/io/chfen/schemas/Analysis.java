package io.chfen.schemas;

/**
 * The names of a video's analyses: the keys of {@link
 * io.chfen.records.VideoArtifacts#getModalities()} and of an encoded row's status map.
 */
public final class Analysis {
  public static final String KEYFRAMES = "keyframes";
  public static final String AUDIO = "audio";
  public static final String SUBTITLES = "subtitles";
  public static final String SEPARATION = "separation";
  public static final String FACES = "faces";
  public static final String TRANSCRIPT = "transcript";

  private Analysis() {}
}
