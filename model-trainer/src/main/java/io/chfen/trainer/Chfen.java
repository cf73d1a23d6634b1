package io.chfen.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import io.chfen.schemas.Plutchik;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * CHFEN, the Conditional Hybrid Fusion Emotion Net, as DESIGN.md §4 describes it with the
 * original's defects fixed:
 *
 * <ol>
 *   <li>every modality projected to {@code d} (linear + LayerNorm), time positions added along the
 *       time axis;
 *   <li>the visual sequence fuses each step's faces into its scene (a residual sum where a face was
 *       seen), the acoustic sequence the vocals and the music; each sequence then goes through
 *       {@code layers} masked self-attention layers (attention + feed-forward, residual +
 *       LayerNorm);
 *   <li>a <em>conditional query</em>: a learned vector plus the title embedding (and, optionally,
 *       the whole-clip vocals and music, and the metadata context), attending over each sequence
 *       (multi-head, masked);
 *   <li>feature-level fusion of the coupled pairs: the text steps attend to the visual steps, the
 *       visual steps to the acoustic steps (residual + LayerNorm, masked), each then summarized by
 *       the query;
 *   <li>decision-level fusion: a head per summary (visual, text, acoustic, text↔visual,
 *       visual↔acoustic) and a learned gate over the heads present, giving the 8 Plutchik logits;
 *       an intensity head gives 4 levels per emotion.
 * </ol>
 *
 * Every attention takes a mask: padded and missing steps get exactly zero weight, and a summary of
 * an all-missing sequence is zero and its head is left out of the gate. Outputs: {@code logits [B,
 * 8]} (softmax over them, or a sigmoid each with {@code multiLabel}), {@code intensity [B, 8, 4]},
 * {@code gate [B, 5]}, and {@code score [B]} (tanh of the fused summary: the sentiment target's
 * score, a dataset's range scaled to [-1, 1]).
 */
public final class Chfen extends AbstractBlock {
  /** The inputs, in the order {@link #inputs} gives them. */
  public static final List<String> INPUTS =
      List.of(
          "title",
          "titleMask",
          "vocalsGlobal",
          "vocalsGlobalMask",
          "musicGlobal",
          "musicGlobalMask",
          "frames",
          "framesMask",
          "faces",
          "facesMask",
          "faceCount",
          "expression",
          "expressionMask",
          "text",
          "textMask",
          "vocals",
          "vocalsMask",
          "music",
          "musicMask",
          "context",
          "contextMask");

  /** The classes: Plutchik's primaries, in wheel order. */
  public static final int NUM_EMOTIONS = Plutchik.NUM_EMOTIONS;

  /** Intensity levels per emotion (absent, low, basic, high). */
  public static final int NUM_INTENSITIES = Plutchik.NUM_INTENSITIES;

  /** The heads of the decision-level gate, in order. */
  public static final List<String> HEADS =
      List.of("visual", "text", "acoustic", "text_visual", "visual_acoustic");

  /** Sizes and switches (ablations) of the net. */
  public static final class Config implements Serializable {
    private static final long serialVersionUID = 1L;

    public int d = 64;
    public int heads = 4;
    public float dropout = 0.1f;

    /** Self-attention layers (masked attention + feed-forward) over each modality's sequence. */
    public int layers = 1;

    /**
     * Sigmoid per emotion (several emotions may hold at once) instead of one softmax over the 8.
     */
    public boolean multiLabel = false;

    /** The learned query alone, without the title (and audio) condition. */
    public boolean conditionalQuery = true;

    /** Add the whole-clip vocals and music to the condition. */
    public boolean audioInQuery = true;

    /**
     * Add the metadata context (publish time, duration, engagement, tags) to the condition: an
     * external signal beside the content. Rows without metadata add nothing.
     */
    public boolean contextInQuery = true;

    /** The pair fusions (text↔visual, visual↔acoustic). */
    public boolean featureFusion = true;

    /** The per-modality heads; without them only the pair fusions decide. */
    public boolean modalityHeads = true;

    /**
     * The faces' expression probabilities (per step, the mean over the persons seen) added to the
     * visual sequence where a face was classified.
     */
    public boolean expressions = true;

    /** Modalities treated as absent: visual, text, acoustic, title, context. */
    public Set<String> dropped = Set.of();
  }

  private final Config c;
  private final Map<String, Block> proj = new LinkedHashMap<>();
  private final Map<String, List<EncoderLayer>> encoders = new LinkedHashMap<>();
  private final Attention queryAttention;
  private final Attention textToVisual;
  private final Attention visualToAcoustic;
  private final Block tvNorm;
  private final Block vaNorm;
  private final Block visualNorm;
  private final Block acousticNorm;
  private final Block queryNorm;
  private final Map<String, Block> headBlocks = new LinkedHashMap<>();
  private final Block gateBlock;
  private final Block scoreBlock;
  private final Block intensityBlock;
  private final Block dropout;
  private final Parameter query;

  public Chfen(Config config) {
    this.c = config;
    for (String m : List.of("title", "vocalsGlobal", "musicGlobal")) {
      proj.put(m, addChildBlock("proj_" + m, new Projection(config.d, 1)));
    }
    if (config.contextInQuery) {
      proj.put("context", addChildBlock("proj_context", new Projection(config.d, 1)));
    }
    for (String m : List.of("frames", "faces", "expression", "text", "vocals", "music")) {
      proj.put(m, addChildBlock("proj_" + m, new Projection(config.d, 2)));
    }
    for (String m : List.of("visual", "text", "acoustic")) {
      List<EncoderLayer> stack = new java.util.ArrayList<>();
      for (int i = 0; i < config.layers; i++) {
        stack.add(
            addChildBlock(
                "encoder_" + m + "_" + i,
                new EncoderLayer(config.d, config.heads, config.dropout)));
      }
      encoders.put(m, stack);
    }
    queryAttention = addChildBlock("query_attention", new Attention(config.d, config.heads));
    textToVisual = addChildBlock("text_to_visual", new Attention(config.d, config.heads));
    visualToAcoustic = addChildBlock("visual_to_acoustic", new Attention(config.d, config.heads));
    tvNorm = addChildBlock("tv_norm", LayerNorm.builder().axis(2).build());
    vaNorm = addChildBlock("va_norm", LayerNorm.builder().axis(2).build());
    visualNorm = addChildBlock("visual_norm", LayerNorm.builder().axis(2).build());
    acousticNorm = addChildBlock("acoustic_norm", LayerNorm.builder().axis(2).build());
    queryNorm = addChildBlock("query_norm", LayerNorm.builder().axis(1).build());
    for (String h : HEADS) {
      headBlocks.put(
          h, addChildBlock("head_" + h, Linear.builder().setUnits(NUM_EMOTIONS).build()));
    }
    gateBlock = addChildBlock("gate", Linear.builder().setUnits(HEADS.size()).build());
    scoreBlock = addChildBlock("score", Linear.builder().setUnits(1).build());
    intensityBlock =
        addChildBlock(
            "intensity", Linear.builder().setUnits(NUM_EMOTIONS * NUM_INTENSITIES).build());
    dropout = addChildBlock("dropout", Dropout.builder().optRate(config.dropout).build());
    query =
        addParameter(
            Parameter.builder()
                .setName("query")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1, 1, config.d))
                .optInitializer(new NormalInitializer(0.02f))
                .build());
  }

  public Config config() {
    return c;
  }

  /** The net's inputs from a collated batch, in {@link #INPUTS} order. */
  public static NDList inputs(NDList batch) {
    NDList in = new NDList();
    for (String name : INPUTS) {
      NDArray a = batch.get(name);
      if (a == null) {
        throw new IllegalArgumentException("the batch has no " + name);
      }
      in.add(a);
    }
    return in;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList in, boolean training, PairList<String, Object> params) {
    Map<String, NDArray> x = new LinkedHashMap<>();
    for (int i = 0; i < INPUTS.size(); i++) {
      x.put(INPUTS.get(i), in.get(i));
    }
    NDArray frames = x.get("frames");
    long b = frames.getShape().get(0);
    long t = frames.getShape().get(1);
    NDManager m = frames.getManager();
    NDArray pos = positions(m, t, c.d).toDevice(frames.getDevice(), false);

    NDArray framesMask = present(x.get("framesMask"), "visual");
    NDArray facesMask = present(x.get("facesMask"), "visual");
    NDArray expressionMask = present(x.get("expressionMask"), "visual");
    if (!c.expressions) {
      expressionMask = expressionMask.zerosLike();
    }
    NDArray textMask = present(x.get("textMask"), "text");
    NDArray vocalsMask = present(x.get("vocalsMask"), "acoustic");
    NDArray musicMask = present(x.get("musicMask"), "acoustic");

    // visual: the scene, plus the faces and their expression where some were seen
    NDArray scene = project(ps, "frames", frames, training);
    NDArray faces = project(ps, "faces", x.get("faces"), training);
    NDArray expression = project(ps, "expression", x.get("expression"), training);
    NDArray visual =
        BlockOps.apply(
                ps,
                visualNorm,
                scene
                    .add(faces.mul(BlockOps.asFloat(facesMask).expandDims(2)))
                    .add(expression.mul(BlockOps.asFloat(expressionMask).expandDims(2))),
                training)
            .add(pos);
    NDArray visualMask = framesMask.logicalOr(facesMask);
    NDArray text = project(ps, "text", x.get("text"), training).add(pos);
    NDArray vocals = project(ps, "vocals", x.get("vocals"), training);
    NDArray music = project(ps, "music", x.get("music"), training);
    NDArray acoustic =
        BlockOps.apply(
                ps,
                acousticNorm,
                vocals
                    .mul(BlockOps.asFloat(vocalsMask).expandDims(2))
                    .add(music.mul(BlockOps.asFloat(musicMask).expandDims(2))),
                training)
            .add(pos);
    NDArray acousticMask = vocalsMask.logicalOr(musicMask);
    visual = encode(ps, "visual", visual, visualMask, training);
    text = encode(ps, "text", text, textMask, training);
    acoustic = encode(ps, "acoustic", acoustic, acousticMask, training);

    // the conditional query [B, 1, d]
    NDArray q = ps.getValue(query, frames.getDevice(), training).broadcast(new Shape(b, 1, c.d));
    if (c.conditionalQuery && !c.dropped.contains("title")) {
      q = q.add(global(ps, x, "title", training));
      if (c.audioInQuery && !c.dropped.contains("acoustic")) {
        q =
            q.add(global(ps, x, "vocalsGlobal", training))
                .add(global(ps, x, "musicGlobal", training));
      }
    }
    if (c.contextInQuery && !c.dropped.contains("context")) {
      q = q.add(global(ps, x, "context", training));
    }

    Map<String, NDArray> summary = new LinkedHashMap<>();
    Map<String, NDArray> has = new LinkedHashMap<>();
    summary.put("visual", summarize(ps, q, visual, visualMask, training));
    has.put("visual", visualMask.toType(DataType.FLOAT32, false).sum(new int[] {1}).gt(0));
    summary.put("text", summarize(ps, q, text, textMask, training));
    has.put("text", textMask.toType(DataType.FLOAT32, false).sum(new int[] {1}).gt(0));
    summary.put("acoustic", summarize(ps, q, acoustic, acousticMask, training));
    has.put("acoustic", acousticMask.toType(DataType.FLOAT32, false).sum(new int[] {1}).gt(0));
    if (c.featureFusion) {
      NDArray tv =
          BlockOps.apply(
              ps,
              tvNorm,
              text.add(textToVisual.attend(ps, text, visual, visualMask, training)),
              training);
      summary.put("text_visual", summarize(ps, q, tv, textMask, training));
      has.put("text_visual", has.get("text").logicalAnd(has.get("visual")));
      NDArray va =
          BlockOps.apply(
              ps,
              vaNorm,
              visual.add(visualToAcoustic.attend(ps, visual, acoustic, acousticMask, training)),
              training);
      summary.put("visual_acoustic", summarize(ps, q, va, visualMask, training));
      has.put("visual_acoustic", has.get("visual").logicalAnd(has.get("acoustic")));
    }
    if (!c.modalityHeads) {
      for (String h : List.of("visual", "text", "acoustic")) {
        has.put(h, has.get(h).zerosLike());
      }
    }

    // decision level: a head per summary, a gate over the heads present
    NDList heads = new NDList();
    NDList summaries = new NDList();
    NDList present = new NDList();
    for (String h : HEADS) {
      NDArray s =
          summary.getOrDefault(h, m.zeros(new Shape(b, c.d)).toDevice(frames.getDevice(), false));
      NDArray p =
          has.getOrDefault(
              h, m.zeros(new Shape(b), DataType.BOOLEAN).toDevice(frames.getDevice(), false));
      s = dropout.forward(ps, new NDList(s), training).singletonOrThrow();
      summaries.add(s);
      heads.add(headBlocks.get(h).forward(ps, new NDList(s), training).singletonOrThrow());
      present.add(p);
    }
    NDArray stacked = NDArrays.stack(heads, 1); // [B, H, emotions]
    NDArray available = NDArrays.stack(present, 1); // [B, H]
    NDArray gateLogits =
        gateBlock
            .forward(ps, new NDList(NDArrays.concat(summaries, 1)), training)
            .singletonOrThrow();
    NDArray gate = BlockOps.maskedSoftmax(gateLogits, available, 1);
    NDArray logits = stacked.mul(gate.expandDims(2)).sum(new int[] {1});
    NDArray fused = NDArrays.stack(summaries, 1).mul(gate.expandDims(2)).sum(new int[] {1});
    NDArray intensity =
        intensityBlock
            .forward(ps, new NDList(fused), training)
            .singletonOrThrow()
            .reshape(b, NUM_EMOTIONS, NUM_INTENSITIES);
    // the sentiment score in [-1, 1] (a dataset's range scaled): the sentiment target's output
    NDArray score =
        scoreBlock.forward(ps, new NDList(fused), training).singletonOrThrow().tanh().reshape(b);
    return new NDList(logits, intensity, gate, score);
  }

  /**
   * The query's reading of a sequence, with the query itself kept (residual + LayerNorm): the
   * condition steers the attention and also reaches the heads.
   */
  private NDArray summarize(
      ParameterStore ps, NDArray q, NDArray seq, NDArray mask, boolean training) {
    NDArray read = queryAttention.attend(ps, q, seq, mask, training);
    return BlockOps.apply(ps, queryNorm, read.add(q.squeeze(1)), training);
  }

  private NDArray encode(
      ParameterStore ps, String modality, NDArray seq, NDArray mask, boolean training) {
    for (EncoderLayer layer : encoders.get(modality)) {
      seq = layer.forward(ps, seq, mask, training);
    }
    return seq;
  }

  /** A whole-clip vector projected, zero where missing: [B, 1, d]. */
  private NDArray global(ParameterStore ps, Map<String, NDArray> x, String name, boolean training) {
    NDArray v = project(ps, name, x.get(name), training);
    return v.mul(BlockOps.asFloat(x.get(name + "Mask")).expandDims(1)).expandDims(1);
  }

  private NDArray project(ParameterStore ps, String name, NDArray v, boolean training) {
    return proj.get(name).forward(ps, new NDList(v), training).singletonOrThrow();
  }

  /** The mask as booleans, all false when its modality is dropped. */
  private NDArray present(NDArray mask, String modality) {
    NDArray bool = mask.toType(DataType.BOOLEAN, false);
    return c.dropped.contains(modality) ? bool.zerosLike() : bool;
  }

  /** Sinusoidal time positions [1, T, d]. */
  private static NDArray positions(NDManager m, long t, int d) {
    float[] p = new float[(int) (t * d)];
    for (int s = 0; s < t; s++) {
      for (int i = 0; i < d; i += 2) {
        double f = s / Math.pow(10_000, (double) i / d);
        p[s * d + i] = (float) Math.sin(f);
        if (i + 1 < d) {
          p[s * d + i + 1] = (float) Math.cos(f);
        }
      }
    }
    return m.create(p, new Shape(1, t, d));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... shapes) {
    Map<String, Shape> in = new LinkedHashMap<>();
    for (int i = 0; i < INPUTS.size(); i++) {
      in.put(INPUTS.get(i), shapes[i]);
    }
    for (Map.Entry<String, Block> e : proj.entrySet()) {
      e.getValue().initialize(manager, dataType, in.get(e.getKey()));
    }
    Shape seq = new Shape(1, 1, c.d);
    for (List<EncoderLayer> stack : encoders.values()) {
      for (EncoderLayer layer : stack) {
        layer.initialize(manager, dataType, seq);
      }
    }
    queryAttention.initialize(manager, dataType, seq, seq);
    textToVisual.initialize(manager, dataType, seq, seq);
    visualToAcoustic.initialize(manager, dataType, seq, seq);
    for (Block ln : List.of(tvNorm, vaNorm, visualNorm, acousticNorm)) {
      ln.initialize(manager, dataType, seq);
    }
    Shape vec = new Shape(1, c.d);
    queryNorm.initialize(manager, dataType, vec);
    for (Block h : headBlocks.values()) {
      h.initialize(manager, dataType, vec);
    }
    gateBlock.initialize(manager, dataType, new Shape(1, (long) c.d * HEADS.size()));
    intensityBlock.initialize(manager, dataType, vec);
    scoreBlock.initialize(manager, dataType, vec);
    dropout.initialize(manager, dataType, vec);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputs) {
    long b = inputs[0].get(0);
    return new Shape[] {
      new Shape(b, NUM_EMOTIONS),
      new Shape(b, NUM_EMOTIONS, NUM_INTENSITIES),
      new Shape(b, HEADS.size()),
      new Shape(b)
    };
  }
}
