package io.chfen.sample.corpus;

import io.chfen.sample.corpus.VideoSpec.FacePath;
import io.chfen.sample.corpus.VideoSpec.Occluder;
import io.chfen.sample.corpus.VideoSpec.Speech;
import io.chfen.sample.corpus.VideoSpec.SubtitleStyle;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The sample corpus's twelve videos: each exercises a different case (shapes, languages, fonts,
 * speech sources, faces entering, leaving, together, occluded, variable frame rate, no audio, no
 * text, a real clip). The seed decides the details (song offsets, motion, gaps, colours), so the
 * same seed gives the same corpus.
 */
final class CorpusPlan {
  private CorpusPlan() {}

  static final String NOTO_SANS = "Noto Sans CJK SC";
  static final String NOTO_SERIF = "Noto Serif CJK SC";
  static final String WQY = "WenQuanYi Micro Hei";
  static final String DEJAVU = "DejaVu Sans";

  static List<VideoSpec> videos(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<VideoSpec> v = new ArrayList<>();
    v.add(
        new VideoSpec(
            "c01",
            "城市夜景下的微笑 | 宇航员的一天",
            List.of("微笑", "宇航员"),
            720,
            1280,
            25,
            0,
            14,
            "building.jpg",
            Speech.ESPEAK_CMN,
            List.of("今天的天气非常好", "我们一起去看城市的夜景", "灯火璀璨，心情也变得明亮", "谢谢大家的关注"),
            "armygeddon",
            5,
            true,
            true,
            List.of(
                new FacePath(
                    "astronaut", 0, 14, 0.5, 0.38, 0.55 + 0.1 * r.nextDouble(), 0.42, 0.34, 0.40)),
            List.of(),
            style(NOTO_SANS, true, 0.034, 0.86, Color.WHITE, Color.BLACK, 4f, false),
            null,
            null,
            "@短视频Demo",
            List.of(
                "vertical 720x1280",
                "Chinese subtitles, Noto Sans CJK bold, white with black outline",
                "Mandarin speech over music at +5 dB",
                "one face, slow drift",
                "static watermark")));
    v.add(
        new VideoSpec(
            "c02",
            "He scores, and the crowd goes wild!",
            List.of("football", "joy"),
            720,
            1280,
            30,
            0,
            12,
            "aero1.jpg",
            Speech.ESPEAK_EN,
            List.of(
                "What a goal that was",
                "The whole stadium is on its feet",
                "I can not believe my eyes"),
            "chaos_god",
            0,
            false,
            true,
            List.of(new FacePath("footballer", 1.5, 10.5, -0.25, 0.45, 1.25, 0.40, 0.30, 0.30)),
            List.of(),
            style(DEJAVU, true, 0.030, 0.84, new Color(255, 230, 0), Color.BLACK, 3f, false),
            "title-card",
            "GOAL OF THE WEEK",
            null,
            List.of(
                "vertical 720x1280, 30 fps",
                "English subtitles, DejaVu Sans bold, yellow with outline",
                "English speech over music at 0 dB, mono",
                "a face enters from the left and leaves on the right",
                "title card (not a subtitle)")));
    v.add(
        new VideoSpec(
            "c03",
            "两个人的对话：惊讶与期待",
            List.of("对话", "惊讶"),
            1280,
            720,
            25,
            0,
            16,
            "fruits.jpg",
            Speech.ESPEAK_CMN,
            List.of("你知道今天发生了什么吗", "真的吗，我完全没有想到", "那我们明天再见吧", "好的，一言为定"),
            "internal_degeneration",
            3,
            true,
            true,
            List.of(
                new FacePath("astronaut", 0, 16, 0.28, 0.40, 0.30, 0.42, 0.16, 0.17),
                new FacePath("cameraman", 0, 16, 0.72, 0.42, 0.70, 0.40, 0.15, 0.16)),
            List.of(new Occluder(6.0, 7.4, -0.2, 1.2, 0.40, 0.18, 0.45)),
            style(
                NOTO_SERIF,
                false,
                0.052,
                0.90,
                new Color(255, 240, 120),
                new Color(40, 20, 0),
                3f,
                false),
            "ticker",
            "新闻快讯：本市今日气温回升，适合出行 · 新闻快讯：本市今日气温回升",
            null,
            List.of(
                "horizontal 1280x720",
                "Chinese subtitles, Noto Serif CJK, yellow",
                "two faces at once",
                "one face occluded for 1.4 s",
                "scrolling ticker (not a subtitle)",
                "busy background")));
    v.add(
        new VideoSpec(
            "c04",
            "Speaker test: front, rear and sides",
            List.of("test", "voice"),
            640,
            360,
            25,
            0,
            12,
            "home.jpg",
            Speech.ALSA,
            List.of(
                "Front_Center",
                "Front_Left",
                "Front_Right",
                "Rear_Center",
                "Rear_Left",
                "Side_Left"),
            "mutilated_mime",
            0,
            true,
            true,
            List.of(),
            List.of(),
            style(DEJAVU, false, 0.060, 0.90, Color.WHITE, Color.BLACK, 2f, false),
            null,
            null,
            null,
            List.of(
                "640x360",
                "small English subtitles",
                "recorded human speech (alsa-utils) over music at 0 dB",
                "no faces")));
    v.add(
        new VideoSpec(
            "c05",
            "双语字幕：摄影师的故事 Bilingual: the cameraman",
            List.of("双语", "摄影"),
            720,
            1280,
            25,
            0,
            14,
            "stuff.jpg",
            Speech.ESPEAK_CMN,
            List.of(
                "他每天清晨都会出门拍照\nHe goes out to shoot every morning",
                "光线是他最好的朋友\nLight is his best friend",
                "这就是他的生活\nThis is his life"),
            "armygeddon",
            6,
            true,
            true,
            List.of(new FacePath("cameraman", 0, 14, 0.45, 0.35, 0.55, 0.38, 0.38, 0.42)),
            List.of(),
            style(NOTO_SANS, false, 0.028, 0.80, Color.WHITE, null, 0f, true),
            null,
            null,
            "@短视频Demo",
            List.of(
                "bilingual two-line subtitles on a dark box",
                "busy background with a fast pan",
                "one face",
                "watermark")));
    v.add(
        new VideoSpec(
            "c06",
            "Megamind: a real clip with Chinese subtitles",
            List.of("movie", "clip"),
            640,
            360,
            23.976,
            0,
            11,
            null,
            Speech.MEGAMIND,
            List.of("你好，很高兴见到你", "我们谈谈吧", "这真是太意外了"),
            null,
            0,
            true,
            true,
            List.of(),
            List.of(),
            style(WQY, false, 0.062, 0.91, Color.WHITE, Color.BLACK, 2f, false),
            null,
            null,
            null,
            List.of(
                "the real Megamind.avi clip (opencv-doc), its own dialogue",
                "Chinese subtitles burned at known times",
                "CGI faces: no face truth",
                "no separate stems")));
    v.add(
        new VideoSpec(
            "c07",
            "三个人，一个故事：从相遇到告别",
            List.of("故事", "相遇"),
            720,
            1280,
            25,
            0,
            32,
            "starry_night.jpg",
            Speech.ESPEAK_CMN,
            List.of(
                "第一个人走了进来",
                "他看起来有点紧张",
                "第二个人也来了",
                "她笑得很开心",
                "最后一个人到了",
                "大家终于见面了",
                "时间过得真快",
                "我们下次再见"),
            "chaos_god",
            -5,
            true,
            true,
            List.of(
                new FacePath("astronaut", 1.0, 11.0, -0.3, 0.35, 0.5, 0.35, 0.36, 0.36),
                new FacePath("footballer", 11.5, 21.5, 1.3, 0.40, 0.5, 0.40, 0.32, 0.32),
                new FacePath("cameraman", 22.0, 31.5, 0.5, -0.25, 0.5, 0.38, 0.34, 0.36)),
            List.of(),
            style(WQY, false, 0.036, 0.87, Color.WHITE, new Color(0, 0, 80), 4f, false),
            null,
            null,
            null,
            List.of(
                "32 s, the longest",
                "WenQuanYi Micro Hei subtitles",
                "three people one after another, entering and leaving",
                "speech at -5 dB under the music")));
    v.add(
        new VideoSpec(
            "c08",
            "Just music, no words",
            List.of("music"),
            640,
            360,
            25,
            0,
            10,
            "orange.jpg",
            Speech.NONE,
            List.of(),
            "internal_degeneration",
            0,
            true,
            true,
            List.of(),
            List.of(),
            style(DEJAVU, false, 0.05, 0.9, Color.WHITE, Color.BLACK, 2f, false),
            null,
            null,
            null,
            List.of("no subtitles, no speech: text and vocals are absent", "music only")));
    v.add(
        new VideoSpec(
            "c09",
            "A quiet confession",
            List.of("speech", "calm"),
            720,
            1280,
            25,
            0,
            12,
            "butterfly.jpg",
            Speech.ESPEAK_EN,
            List.of(
                "I have something to tell you",
                "I was afraid for a long time",
                "but now I feel at peace"),
            null,
            0,
            false,
            true,
            List.of(new FacePath("astronaut", 0, 12, 0.5, 0.36, 0.5, 0.36, 0.42, 0.46)),
            List.of(),
            style(DEJAVU, false, 0.030, 0.83, Color.WHITE, null, 0f, true),
            null,
            null,
            null,
            List.of(
                "speech only, no music",
                "English subtitles on a dark box",
                "slow zoom on one face")));
    v.add(
        new VideoSpec(
            "c10",
            "变速视频：帧率不固定",
            List.of("测试", "帧率"),
            1280,
            720,
            30,
            3,
            12,
            "leuvenA.jpg",
            Speech.ESPEAK_CMN,
            List.of("这个视频的帧率是变化的", "每三帧就少一帧", "时间戳仍然是准确的"),
            "mutilated_mime",
            4,
            true,
            true,
            List.of(new FacePath("footballer", 0, 12, 0.3, 0.45, 0.7, 0.45, 0.14, 0.14)),
            List.of(),
            style(NOTO_SANS, true, 0.05, 0.88, Color.WHITE, Color.BLACK, 3f, false),
            null,
            null,
            null,
            List.of(
                "variable frame rate (every third 30 fps slot dropped)",
                "Chinese subtitles",
                "one face moving across")));
    v.add(
        new VideoSpec(
            "c11",
            "没有声音的视频",
            List.of("无声"),
            720,
            1280,
            25,
            0,
            10,
            "apple.jpg",
            Speech.NONE,
            List.of("这个视频没有音轨", "但是字幕还在"),
            null,
            0,
            false,
            false,
            List.of(new FacePath("cameraman", 0, 10, 0.5, 0.4, 0.5, 0.4, 0.40, 0.40)),
            List.of(),
            style(NOTO_SANS, false, 0.034, 0.86, Color.WHITE, Color.BLACK, 4f, false),
            null,
            null,
            "@短视频Demo",
            List.of(
                "no audio track: audio is absent, not a failure",
                "subtitles at fixed times without speech",
                "one face")));
    v.add(
        new VideoSpec(
            "c12",
            "Fast moves in stereo",
            List.of("stereo", "sport"),
            1280,
            720,
            25,
            0,
            12,
            "rubberwhale1.png",
            Speech.ESPEAK_EN,
            List.of("Left, right, and back again", "Follow the face if you can", "That was fast"),
            "armygeddon",
            2,
            true,
            true,
            List.of(
                new FacePath("footballer", 0, 6, 0.1, 0.3, 0.9, 0.6, 0.12, 0.16),
                new FacePath("footballer", 6, 12, 0.9, 0.6, 0.1, 0.3, 0.16, 0.12)),
            List.of(),
            style(DEJAVU, true, 0.045, 0.78, new Color(120, 255, 255), Color.BLACK, 3f, false),
            null,
            null,
            null,
            List.of(
                "stereo music, centred speech",
                "a fast-moving face (same person throughout)",
                "subtitle band higher than usual")));
    // the seed moves the starting points of the music
    return v;
  }

  private static SubtitleStyle style(
      String font,
      boolean bold,
      double size,
      double baseline,
      Color fill,
      Color outline,
      float outlineWidth,
      boolean box) {
    return new SubtitleStyle(font, bold, size, baseline, fill, outline, outlineWidth, box);
  }
}
