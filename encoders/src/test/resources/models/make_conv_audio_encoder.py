"""Builds conv-audio-encoder.onnx, a tiny wav2vec2-shaped audio encoder for tests of the generic
ONNX audio path: waveform [N, S] (16 kHz) -> features [N, T, 4], one 25 ms frame every 20 ms,
each feature a fixed filter (seeded weights) followed by ReLU. Run with Debian's python3-onnx:
    python3 make_conv_audio_encoder.py
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(7)
weights = rng.standard_normal((4, 1, 400)).astype(np.float32) / 20
bias = np.zeros(4, np.float32)

nodes = [
    helper.make_node("Unsqueeze", ["waveform", "axis1"], ["x3"]),
    helper.make_node("Conv", ["x3", "w", "b"], ["conv"], strides=[320]),
    helper.make_node("Relu", ["conv"], ["relu"]),
    helper.make_node("Transpose", ["relu"], ["features"], perm=[0, 2, 1]),
]
graph = helper.make_graph(
    nodes,
    "conv_audio_encoder",
    [helper.make_tensor_value_info("waveform", TensorProto.FLOAT, ["batch", "samples"])],
    [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "frames", 4])],
    [
        numpy_helper.from_array(weights, "w"),
        numpy_helper.from_array(bias, "b"),
        numpy_helper.from_array(np.array([1], np.int64), "axis1"),
    ],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, "conv-audio-encoder.onnx")
