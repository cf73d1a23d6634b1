"""Builds ctc-syllable-asr.onnx, a tiny CTC speech-to-text model for tests of the ASR plumbing:
waveform [1, S] (16 kHz) -> logits [1, T, 2], one 25 ms frame every 20 ms. Token 1 ("▁la") wins
where the frame's energy is above -40 dBFS, the blank (token 0) elsewhere, so greedy CTC decoding
writes one "la" per loud run: roughly a syllable counter. Not a speech recognizer; it proves that
a CTC export, its vocabulary, the speech segments and the transcript reach the text modality.
Run with Debian's python3-onnx:
    python3 make_ctc_syllable_asr.py
"""
import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

threshold = 1e-4  # mean square of a -40 dBFS frame

nodes = [
    helper.make_node("Unsqueeze", ["waveform", "axis1"], ["x3"]),
    helper.make_node("Mul", ["x3", "x3"], ["power"]),
    helper.make_node("Conv", ["power", "w"], ["energy"], strides=[320]),
    helper.make_node("Add", ["energy", "eps"], ["energy_eps"]),
    helper.make_node("Log", ["energy_eps"], ["log_energy"]),
    helper.make_node("Sub", ["log_energy", "log_threshold"], ["above"]),
    helper.make_node("Mul", ["above", "gain"], ["token"]),
    helper.make_node("Mul", ["token", "zero"], ["blank"]),
    helper.make_node("Concat", ["blank", "token"], ["stacked"], axis=1),
    helper.make_node("Transpose", ["stacked"], ["logits"], perm=[0, 2, 1]),
]
graph = helper.make_graph(
    nodes,
    "ctc_syllable_asr",
    [helper.make_tensor_value_info("waveform", TensorProto.FLOAT, [1, "samples"])],
    [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, "frames", 2])],
    [
        numpy_helper.from_array(np.array([1], np.int64), "axis1"),
        numpy_helper.from_array(np.full((1, 1, 400), 1 / 400, np.float32), "w"),
        numpy_helper.from_array(np.array(1e-10, np.float32), "eps"),
        numpy_helper.from_array(np.array(np.log(threshold), np.float32), "log_threshold"),
        numpy_helper.from_array(np.array(10, np.float32), "gain"),
        numpy_helper.from_array(np.array(0, np.float32), "zero"),
    ],
)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, "ctc-syllable-asr.onnx")
with open("ctc-syllable-asr.tokens", "w", encoding="utf-8") as f:
    f.write("<blank>\n▁la\n")
