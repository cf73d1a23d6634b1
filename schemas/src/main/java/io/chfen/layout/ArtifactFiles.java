package io.chfen.layout;

import java.util.Locale;

/**
 * Every file name in a video's artifacts directory ({@code artifacts/<id>/}), the contract between
 * the process stage, which writes them, and the encode stage, the report and the evaluations, which
 * read them. A ground-truth corpus keeps each truth file under the name of the artifact it is the
 * truth of ({@link GroundTruth}).
 */
public final class ArtifactFiles {
  /** The video's {@code VideoArtifacts} record, Avro JSON. */
  public static final String ARTIFACTS = "artifacts.json";

  /** The keyframe images ({@link #keyframe}). */
  public static final String KEYFRAMES_DIR = "keyframes";

  /** Every keyframe's time, file, brightness, sharpness and change; the scene cuts. */
  public static final String KEYFRAMES = "keyframes.json";

  /** The audio track, 16 kHz mono PCM. */
  public static final String AUDIO = "audio.wav";

  /** The hard subtitles as SRT (empty when the video has none). */
  public static final String SUBTITLES = "subtitles.srt";

  /** Every on-screen text line: box, kind (subtitle, watermark, ticker, other), times. */
  public static final String ONSCREEN_TEXT = "onscreen_text.json";

  /** The separated vocals, 44.1 kHz stereo. */
  public static final String VOCALS = "vocals.wav";

  /** The separated music; vocals + music = the mixture. */
  public static final String MUSIC = "music.wav";

  /** Voice activity on the vocals. */
  public static final String SPEECH_SEGMENTS = "speech_segments.json";

  /** Persons → tracks → samples ({@link io.chfen.artifacts.FacesFile}). */
  public static final String FACES = "faces.json";

  /** Each person's best aligned face crops ({@link #faceCrop}). */
  public static final String FACE_CROPS_DIR = "faces";

  /** Speech to text of the vocals, SRT, one cue per speech segment. */
  public static final String TRANSCRIPT = "transcript.srt";

  private ArtifactFiles() {}

  /** The n-th keyframe's image (from 0): {@code keyframes/kf_NNNNNN.jpg}. */
  public static String keyframe(int n) {
    return String.format(Locale.ROOT, "%s/kf_%06d.jpg", KEYFRAMES_DIR, n);
  }

  /** A person's k-th best crop (from 1): {@code faces/pNN_K.jpg}. */
  public static String faceCrop(String personId, int k) {
    return FACE_CROPS_DIR + "/" + personId + "_" + k + ".jpg";
  }
}
