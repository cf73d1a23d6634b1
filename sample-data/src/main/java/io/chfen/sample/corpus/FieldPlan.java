package io.chfen.sample.corpus;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What each field-corpus video is: footage and framing, frame rate, subtitle style and font, the
 * cues (frame ranges; single-line, two-line and stacked Chinese/English), the other text on screen,
 * and the sound (speaker, song, channels, placement, room, speech-to-music ratio). Deterministic
 * for a seed.
 */
final class FieldPlan {
  enum Framing {
    /** Scaled to cover the frame and cut to it: a landscape or a vertical crop. */
    CROP,
    /** Portrait: the landscape footage whole in the middle, over a blurred, enlarged copy. */
    BLURRED_FILL
  }

  /** Burn-in styles of short-video platforms and editors (ASS colours are &HAABBGGRR). */
  enum Style {
    OUTLINE("&H00FFFFFF", "&H00000000", "&H00000000", false, 1, 2, 0),
    THICK_OUTLINE_YELLOW("&H0000FFFF", "&H00000000", "&H00000000", false, 1, 4.5, 0),
    DROP_SHADOW("&H00FFFFFF", "&H00000000", "&H90000000", false, 1, 0, 3),
    OPAQUE_BOX("&H00FFFFFF", "&H00000000", "&H00000000", false, 3, 5, 0),
    TRANSLUCENT_BOX("&H00FFFFFF", "&H80000000", "&H80000000", false, 3, 5, 0),
    BOLD_YELLOW_SHADOW("&H0000FFFF", "&H00000000", "&H80000000", true, 1, 2, 2),
    BOLD_OUTLINE("&H00FFFFFF", "&H00202020", "&H00000000", true, 1, 3, 0),
    THIN_OUTLINE_SHADOW("&H00FFFFFF", "&H00000000", "&H60000000", false, 1, 1, 1.5);

    final String primary;
    final String outlineColour;
    final String back;
    final boolean bold;
    final int borderStyle;
    final double outline;
    final double shadow;

    Style(
        String primary,
        String outlineColour,
        String back,
        boolean bold,
        int borderStyle,
        double outline,
        double shadow) {
      this.primary = primary;
      this.outlineColour = outlineColour;
      this.back = back;
      this.bold = bold;
      this.borderStyle = borderStyle;
      this.outline = outline;
      this.shadow = shadow;
    }
  }

  /** One cue: its lines top to bottom, shown on frames [startFrame, endFrame). */
  record Cue(int startFrame, int endFrame, List<String> lines) {}

  record Spec(
      String id,
      String footage,
      Framing framing,
      int width,
      int height,
      int fpsNum,
      int fpsDen,
      double durationS,
      Style style,
      String font,
      List<Cue> cues,
      boolean logo,
      String ticker,
      boolean sceneText,
      String voice,
      String song,
      int channels,
      double pan,
      double reverbS,
      double smrDb) {
    double fps() {
      return fpsNum / (double) fpsDen;
    }

    String fpsText() {
      return fpsNum + "/" + fpsDen;
    }

    int frames() {
      return (int) Math.round(durationS * fps());
    }

    List<String> exercises() {
      List<String> e = new ArrayList<>();
      e.add("libass subtitles, " + style.name().toLowerCase(java.util.Locale.ROOT) + ", " + font);
      e.add(framing.name().toLowerCase(java.util.Locale.ROOT) + " " + width + "x" + height);
      e.add(String.format(java.util.Locale.ROOT, "%.3f fps", fps()));
      long twoLine = cues.stream().filter(c -> c.lines().size() == 2).count();
      e.add(twoLine + " of " + cues.size() + " cues two-line");
      if (logo) {
        e.add("static logo");
      }
      if (ticker != null) {
        e.add("scrolling ticker");
      }
      if (sceneText) {
        e.add("moving scene text");
      }
      e.add(
          String.format(
              java.util.Locale.ROOT,
              "%s speech (%s) at %+.0f dB over music, pan %.1f, RT60 %.1f s",
              channels == 1 ? "mono" : "stereo",
              voice,
              smrDb,
              pan,
              reverbS));
      return e;
    }
  }

  static final List<String> FOOTAGE = List.of("vtest.avi", "tree.avi", "Megamind.avi");
  static final List<String> SONGS =
      List.of(
          "01 - pronobozo - lincity.ogg",
          "02 - Robert van Herk - City Blues.ogg",
          "03 - Robert van Herk - Architectural Contemplations.ogg");

  private static final List<String> ZH =
      List.of(
          "今天上午市区交通基本顺畅",
          "记者在现场看到",
          "这里的居民已经习惯了",
          "新的公交线路下月开通",
          "天气转凉请注意保暖",
          "很多游客专程赶来",
          "我们一起来看一下",
          "老街改造工程接近尾声",
          "孩子们在公园里玩耍",
          "这条河的水变清了",
          "志愿者们忙了一整天",
          "晚上的夜市人气很旺",
          "专家建议多到户外走走",
          "这家小店开了二十年",
          "比赛将在周末举行",
          "大家的心情都很激动",
          "图书馆延长了开放时间",
          "树叶慢慢变黄了",
          "街头艺人吸引了路人",
          "这是他第一次来北京",
          "社区食堂很受欢迎",
          "雨后的空气格外清新",
          "工作人员正在检查设备",
          "明天将有小到中雨");

  private static final List<String> EN =
      List.of(
          "Traffic is running smoothly",
          "Our reporter was there",
          "Residents are used to it",
          "A new bus line opens soon",
          "Dress warmly this week",
          "Many visitors came here",
          "Let us take a look",
          "The old street is nearly done",
          "Children play in the park",
          "The river is clean again",
          "Volunteers worked all day",
          "The night market is busy",
          "Experts say go outdoors",
          "This shop is twenty years old",
          "The match is on Saturday",
          "Everyone is excited",
          "The library stays open later",
          "The leaves turn yellow",
          "A street artist draws a crowd",
          "His first visit to Beijing",
          "The canteen is popular",
          "The air is fresh after rain",
          "Staff check the equipment",
          "Light rain expected tomorrow");

  private FieldPlan() {}

  static List<Spec> videos(long seed) {
    List<Spec> out = new ArrayList<>();
    String newsZh = "本台消息 · 全市空气质量优良 · 地铁三号线今日试运行 · 明日多云转晴 · ";
    String newsEn =
        "BREAKING: council approves new transit plan  |  Markets close higher  |  Rain tonight  |  ";
    out.add(
        spec(
            seed,
            "f01",
            "vtest.avi",
            Framing.CROP,
            640,
            360,
            25,
            1,
            12,
            Style.OUTLINE,
            "Noto Sans CJK SC",
            true,
            newsEn,
            false,
            "en",
            1,
            2,
            0.3,
            0.3,
            0));
    out.add(
        spec(
            seed,
            "f02",
            "vtest.avi",
            Framing.CROP,
            360,
            640,
            30,
            1,
            12,
            Style.OPAQUE_BOX,
            "WenQuanYi Micro Hei",
            true,
            null,
            true,
            "de",
            0,
            1,
            0,
            0,
            -5));
    out.add(
        spec(
            seed,
            "f03",
            "tree.avi",
            Framing.BLURRED_FILL,
            540,
            960,
            30000,
            1001,
            12,
            Style.THICK_OUTLINE_YELLOW,
            "Noto Sans CJK SC",
            false,
            newsZh,
            false,
            "fr",
            2,
            2,
            -0.4,
            0,
            5));
    out.add(
        spec(
            seed,
            "f04",
            "Megamind.avi",
            Framing.CROP,
            640,
            360,
            24000,
            1001,
            10,
            Style.DROP_SHADOW,
            "Noto Sans CJK SC",
            true,
            null,
            false,
            "ru",
            1,
            1,
            0,
            0.5,
            0));
    out.add(
        spec(
            seed,
            "f05",
            "Megamind.avi",
            Framing.BLURRED_FILL,
            540,
            960,
            24000,
            1001,
            10,
            Style.TRANSLUCENT_BOX,
            "Noto Sans CJK SC",
            true,
            newsEn,
            true,
            "ca",
            0,
            2,
            0.2,
            0.4,
            -5));
    out.add(
        spec(
            seed,
            "f06",
            "vtest.avi",
            Framing.BLURRED_FILL,
            540,
            960,
            30000,
            1001,
            12,
            Style.BOLD_YELLOW_SHADOW,
            "WenQuanYi Micro Hei",
            true,
            null,
            true,
            "da",
            2,
            2,
            0,
            0.6,
            0));
    out.add(
        spec(
            seed,
            "f07",
            "tree.avi",
            Framing.CROP,
            640,
            360,
            25,
            1,
            12,
            Style.BOLD_OUTLINE,
            "Noto Sans CJK SC",
            false,
            newsZh,
            true,
            "nn",
            1,
            1,
            0,
            0.2,
            5));
    out.add(
        spec(
            seed,
            "f08",
            "vtest.avi",
            Framing.CROP,
            360,
            640,
            30,
            1,
            12,
            Style.THIN_OUTLINE_SHADOW,
            "Noto Sans CJK SC",
            true,
            null,
            false,
            "uk",
            0,
            2,
            0.5,
            0.3,
            -5));
    return out;
  }

  @SuppressWarnings("checkstyle:ParameterNumber")
  private static Spec spec(
      long seed,
      String id,
      String footage,
      Framing framing,
      int w,
      int h,
      int fpsNum,
      int fpsDen,
      double durationS,
      Style style,
      String font,
      boolean logo,
      String ticker,
      boolean sceneText,
      String voice,
      int song,
      int channels,
      double pan,
      double reverbS,
      double smrDb) {
    SplittableRandom rnd = new SplittableRandom(seed * 31 + id.hashCode());
    double fps = fpsNum / (double) fpsDen;
    int frames = (int) Math.round(durationS * fps);
    return new Spec(
        id,
        footage,
        framing,
        w,
        h,
        fpsNum,
        fpsDen,
        durationS,
        style,
        font,
        cues(rnd, fps, frames),
        logo,
        ticker,
        sceneText,
        voice,
        SONGS.get(song),
        channels,
        pan,
        reverbS,
        smrDb);
  }

  /**
   * Cues from frame 0 to the last frame: 0.55–0.95 s (one in four) or 1.0–2.4 s long, 0.4–0.7 s
   * apart; a third each single-line Chinese, two-line Chinese, Chinese over English; the last runs
   * to the end. A video never shows the same text twice in a row.
   */
  private static List<Cue> cues(SplittableRandom rnd, double fps, int frames) {
    List<Cue> out = new ArrayList<>();
    List<Integer> zh = shuffled(rnd, ZH.size());
    int next = 0;
    int at = 0;
    int kind = rnd.nextInt(3);
    while (at < frames) {
      double len =
          rnd.nextInt(4) == 0 ? 0.55 + 0.4 * rnd.nextDouble() : 1.0 + 1.4 * rnd.nextDouble();
      int end = at + (int) Math.round(len * fps);
      int gap = (int) Math.round((0.4 + 0.3 * rnd.nextDouble()) * fps);
      if (end + gap + Math.round(1.2 * fps) > frames) {
        end = frames;
      }
      List<String> lines = new ArrayList<>();
      int a = zh.get(next++ % zh.size());
      lines.add(ZH.get(a));
      if (kind == 1) {
        lines.add(ZH.get(zh.get(next++ % zh.size())));
      } else if (kind == 2) {
        lines.add(EN.get(a));
      }
      out.add(new Cue(at, end, List.copyOf(lines)));
      kind = (kind + 1 + rnd.nextInt(2)) % 3;
      at = end + gap;
    }
    return out;
  }

  private static List<Integer> shuffled(SplittableRandom rnd, int n) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      idx.add(i);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = idx.get(i);
      idx.set(i, idx.get(j));
      idx.set(j, t);
    }
    return idx;
  }
}
