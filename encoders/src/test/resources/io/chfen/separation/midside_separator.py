#!/usr/bin/python3
"""Builds midside_separator.onnx, the tiny waveform separator the ONNX separation path is tested with.

Input "mix" [1, 2, N] (stereo waveform); output "sources" [1, 2, 2, N]: source 0 ("vocals") is the
mid (L + R) / 2 in both channels, source 1 ("music") is the rest, mix - mid. A real export (HT-Demucs,
Open-Unmix, MDX-Net) has the same shape contract with more sources. Needs Debian's python3-onnx:
    /usr/bin/python3 midside_separator.py
"""
import onnx
from onnx import TensorProto, helper

mix = helper.make_tensor_value_info("mix", TensorProto.FLOAT, [1, 2, "n"])
sources = helper.make_tensor_value_info("sources", TensorProto.FLOAT, [1, 2, 2, "n"])
one = helper.make_tensor("one", TensorProto.INT64, [1], [1])
nodes = [
    helper.make_node("ReduceMean", ["mix"], ["mid"], axes=[1], keepdims=1),
    helper.make_node("Concat", ["mid", "mid"], ["vocals"], axis=1),
    helper.make_node("Sub", ["mix", "vocals"], ["music"]),
    helper.make_node("Unsqueeze", ["vocals", "one"], ["v4"]),
    helper.make_node("Unsqueeze", ["music", "one"], ["m4"]),
    helper.make_node("Concat", ["v4", "m4"], ["sources"], axis=1),
]
graph = helper.make_graph(nodes, "midside_separator", [mix], [sources], initializer=[one])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="chfen")
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, "midside_separator.onnx")
