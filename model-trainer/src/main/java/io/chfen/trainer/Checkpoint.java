package io.chfen.trainer;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.chfen.files.FileOps;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A checkpoint directory: the weights, the optimizer's state, and {@code checkpoint.json} (the
 * run's state, its settings and its provenance). Written aside and renamed into place.
 */
public final class Checkpoint {
  public static final String PARAMS = "chfen";

  private Checkpoint() {}

  static void save(
      Path dir,
      Model model,
      AdamW optimizer,
      TrainConfig cfg,
      TrainingState state,
      TrainingProvenance prov)
      throws IOException {
    Path tmp = dir.resolveSibling(dir.getFileName() + ".tmp");
    FileOps.deleteTree(tmp);
    Files.createDirectories(tmp);
    model.setProperty("Epoch", Integer.toString(state.epochsDone));
    model.save(tmp, PARAMS);
    try (OutputStream o = Files.newOutputStream(tmp.resolve(TrainingFiles.OPTIMIZER))) {
      optimizer.save(o, model.getBlock());
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("state", state);
    json.put("config", cfg);
    json.put("provenance", prov);
    Json.write(tmp.resolve(TrainingFiles.CHECKPOINT), json);
    FileOps.replaceDirectory(tmp, dir);
  }

  static TrainingState state(Path dir) throws IOException {
    var node = Json.MAPPER.readTree(dir.resolve(TrainingFiles.CHECKPOINT).toFile());
    return Json.MAPPER.treeToValue(node.get("state"), TrainingState.class);
  }

  static void loadOptimizer(Path dir, AdamW optimizer, NDManager manager, Chfen net)
      throws IOException {
    try (InputStream in = Files.newInputStream(dir.resolve(TrainingFiles.OPTIMIZER))) {
      optimizer.load(in, manager, net);
    }
  }

  static void loadWeights(Path dir, Model model) throws IOException {
    try {
      model.load(dir, PARAMS);
    } catch (MalformedModelException e) {
      throw new IOException(dir + ": not a CHFEN checkpoint of this configuration", e);
    }
  }

  /** The training settings a checkpoint was made with. */
  public static TrainConfig config(Path dir) throws IOException {
    var node = Json.MAPPER.readTree(dir.resolve(TrainingFiles.CHECKPOINT).toFile());
    return Json.MAPPER.treeToValue(node.get("config"), TrainConfig.class);
  }

  /** For prediction with a saved checkpoint outside a training run. */
  public static Model loadModel(Path checkpoint, Training.Data data) throws IOException {
    TrainConfig cfg = Checkpoint.config(checkpoint);
    Model model = Model.newInstance("chfen", Device.cpu(), "PyTorch");
    Chfen net = new Chfen(cfg.model);
    model.setBlock(net);
    net.initialize(model.getNDManager(), DataType.FLOAT32, Training.inputShapes(data.train(), cfg));
    Checkpoint.loadWeights(checkpoint, model);
    return model;
  }
}
