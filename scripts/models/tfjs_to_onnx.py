#!/usr/bin/python3
"""Converts the TF.js models shipped in npm packages into ONNX, with the project's own code.

Two kinds of source:
  face-api   weights only (a weights manifest + .bin); the architecture is rebuilt here from the
             package's source (src/faceFeatureExtractor, src/faceExpressionNet,
             src/faceRecognitionNet of @vladmandic/face-api).
  graph      a TF.js graph model (topology + weights, as tfjs-dump.cjs writes them); its ops are
             mapped one by one (the ops MobileNetV2 uses; anything else stops the conversion).

Every converted model takes RGB values 0-255 in NHWC, as the TF.js originals are fed, and does its
own normalisation, so callers hand it pixels. Uses Debian's python3-onnx and python3-numpy only.

  tfjs_to_onnx.py face-expression  MANIFEST.json OUT.onnx
  tfjs_to_onnx.py face-recognition MANIFEST.json OUT.onnx
  tfjs_to_onnx.py graph            MODEL.json WEIGHTS.bin OUT.onnx [--scale 255]
"""
import base64
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13


def dequantised(spec, raw, offset):
    """One weight of a TF.js weights manifest, as tf.io.decodeWeights reads it."""
    shape = spec["shape"]
    count = int(np.prod(shape)) if shape else 1
    quant = spec.get("quantization")
    if quant is None:
        if spec["dtype"] != "float32":
            raise ValueError(f"{spec['name']}: unsupported dtype {spec['dtype']}")
        data = np.frombuffer(raw, dtype="<f4", count=count, offset=offset)
        return data.reshape(shape).astype(np.float32), offset + 4 * count
    qtype = quant["dtype"]
    if qtype == "float16":
        data = np.frombuffer(raw, dtype="<f2", count=count, offset=offset).astype(np.float32)
        return data.reshape(shape), offset + 2 * count
    width = {"uint8": 1, "uint16": 2}.get(qtype)
    if width is None:
        raise ValueError(f"{spec['name']}: unsupported quantisation {qtype}")
    q = np.frombuffer(raw, dtype=np.uint8 if width == 1 else "<u2", count=count, offset=offset)
    # JavaScript computes v * scale + min in doubles and stores it in a Float32Array: the same here
    values = (q.astype(np.float64) * quant["scale"] + quant["min"]).astype(np.float32)
    return values.reshape(shape), offset + width * count


def read_weights(groups, read_path):
    weights = {}
    for group in groups:
        raw = b"".join(read_path(p) for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            weights[spec["name"]], offset = dequantised(spec, raw, offset)
        if offset != len(raw):
            raise ValueError(f"weights of {group['paths']}: read {offset} of {len(raw)} bytes")
    return weights


class Graph:
    """An ONNX graph under construction, in NCHW with known spatial sizes."""

    def __init__(self, name):
        self.name = name
        self.nodes = []
        self.initializers = []
        self.shapes = {}
        self.count = 0

    def fresh(self, hint):
        self.count += 1
        return f"{hint}_{self.count}"

    def const(self, array, hint="c"):
        name = self.fresh(hint)
        self.initializers.append(numpy_helper.from_array(np.asarray(array, dtype=np.float32), name))
        return name

    def op(self, op_type, inputs, hint=None, **attrs):
        out = self.fresh(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], **attrs))
        return out

    def conv(self, x, kernel_hwio, bias, stride, padding, depthwise=False):
        """A TF conv ('SAME' or 'VALID'), kernel in TF's layout, on an NCHW tensor."""
        c, h, w = self.shapes[x]
        kh, kw = kernel_hwio.shape[0], kernel_hwio.shape[1]
        if depthwise:
            # [kh, kw, in, multiplier] -> [in * multiplier, 1, kh, kw]
            mult = kernel_hwio.shape[3]
            weight = kernel_hwio.transpose(2, 3, 0, 1).reshape(c * mult, 1, kh, kw)
            out_c, group = c * mult, c
        else:
            weight = kernel_hwio.transpose(3, 2, 0, 1)
            out_c, group = kernel_hwio.shape[3], 1
        pads, oh, ow = same_pads(h, w, kh, kw, stride) if padding == "SAME" else valid(h, w, kh, kw, stride)
        inputs = [x, self.const(weight, "w")]
        if bias is not None:
            inputs.append(self.const(bias, "b"))
        out = self.op("Conv", inputs, "conv", kernel_shape=[kh, kw], strides=[stride, stride],
                      pads=pads, group=group)
        self.shapes[out] = (out_c, oh, ow)
        return out

    def same_shape(self, out, like):
        self.shapes[out] = self.shapes[like]
        return out

    def relu(self, x):
        return self.same_shape(self.op("Relu", [x]), x)

    def relu6(self, x):
        return self.same_shape(self.op("Clip", [x, self.const(0.0, "zero"), self.const(6.0, "six")]), x)

    def add(self, a, b):
        return self.same_shape(self.op("Add", [a, b]), a)

    def avg_pool(self, x, k, stride, padding):
        c, h, w = self.shapes[x]
        if padding != "VALID":
            raise ValueError("only VALID average pooling is used by these models")
        pads, oh, ow = valid(h, w, k, k, stride)
        out = self.op("AveragePool", [x], "pool", kernel_shape=[k, k], strides=[stride, stride], pads=pads)
        self.shapes[out] = (c, oh, ow)
        return out

    def model(self, inputs, outputs, doc):
        graph = helper.make_graph(self.nodes, self.name, inputs, outputs, self.initializers)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  producer_name="chfen tfjs_to_onnx")
        model.ir_version = 8
        model.doc_string = doc
        onnx.checker.check_model(model)
        return model


def same_pads(h, w, kh, kw, stride):
    """TensorFlow's SAME: output ceil(in / stride), the odd pixel of padding at the end."""
    def one(size, k):
        out = -(-size // stride)
        total = max((out - 1) * stride + k - size, 0)
        return total // 2, total - total // 2, out
    t, b, oh = one(h, kh)
    l, r, ow = one(w, kw)
    return [t, l, b, r], oh, ow


def valid(h, w, kh, kw, stride):
    return [0, 0, 0, 0], (h - kh) // stride + 1, (w - kw) // stride + 1


def image_input(g, size, scale=None, mean=None):
    """The NHWC 0-255 input, transposed to NCHW and normalised as the original expects."""
    x = g.op("Transpose", ["image"], "nchw", perm=[0, 3, 1, 2])
    g.shapes[x] = (3, size, size)
    if mean is not None:
        x = g.same_shape(g.op("Sub", [x, g.const(np.array(mean, np.float32).reshape(1, 3, 1, 1), "mean")]), x)
    if scale is not None:
        x = g.same_shape(g.op("Div", [x, g.const(scale, "scale")]), x)
    return x, helper.make_tensor_value_info("image", TensorProto.FLOAT, ["batch", size, size, 3])


# --- face-api: FaceFeatureExtractor (denseBlock4 x 4) + fully connected head -------------------

def separable(g, x, w, prefix, stride):
    """face-api's depthwiseSeparableConv: tf.separableConv2d(..., 'same') + bias."""
    d = g.conv(x, w[prefix + "/depthwise_filter"], None, stride, "SAME", depthwise=True)
    return g.conv(d, w[prefix + "/pointwise_filter"], w[prefix + "/bias"], 1, "SAME")


def dense_block4(g, x, w, prefix, first):
    if first:
        out1 = g.relu(g.conv(x, w[prefix + "/conv0/filters"], w[prefix + "/conv0/bias"], 2, "SAME"))
    else:
        out1 = g.relu(separable(g, x, w, prefix + "/conv0", 2))
    out2 = separable(g, out1, w, prefix + "/conv1", 1)
    in3 = g.relu(g.add(out1, out2))
    out3 = separable(g, in3, w, prefix + "/conv2", 1)
    in4 = g.relu(g.add(out1, g.add(out2, out3)))
    out4 = separable(g, in4, w, prefix + "/conv3", 1)
    return g.relu(g.add(out1, g.add(out2, g.add(out3, out4))))


def face_expression(weights):
    g = Graph("face_expression")
    # FaceFeatureExtractor.forwardInput: normalize(x, meanRgb).div(255)
    x, image = image_input(g, 112, scale=255.0, mean=[122.782, 117.001, 104.298])
    for i in range(4):
        x = dense_block4(g, x, weights, f"dense{i}", first=(i == 0))
    x = g.avg_pool(x, 7, 2, "VALID")
    embedding = g.op("Flatten", [x], "embedding", axis=1)
    logits = g.op("Gemm", [embedding, g.const(weights["fc/weights"], "fcw"), g.const(weights["fc/bias"], "fcb")])
    probabilities = g.op("Softmax", [logits], "probabilities", axis=1)
    g.nodes[-1].output[0] = "probabilities"
    rename(g, embedding, "embedding")
    outputs = [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 7]),
               helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", 256])]
    return g.model([image], outputs,
                   "face-api FaceExpressionNet: 112x112 RGB 0-255 NHWC (face square-padded) -> "
                   "probabilities of neutral, happy, sad, angry, fearful, disgusted, surprised; "
                   "embedding: the 256-d bottleneck")


def rename(g, old, new):
    for node in g.nodes:
        node.input[:] = [new if i == old else i for i in node.input]
        node.output[:] = [new if o == old else o for o in node.output]


# --- face-api: FaceRecognitionNet (dlib-style ResNet, 150x150 -> 128-d) -------------------------

def face_recognition(weights):
    g = Graph("face_recognition")
    # FaceRecognitionNet.forwardInput: normalize(x, meanRgb).div(255)
    x, image = image_input(g, 150, scale=255.0, mean=[122.782, 117.001, 104.298])

    def conv_layer(x, name, stride, relu, padding):
        # convLayer: conv + bias, then the scale layer (x * weights + biases), then relu or not
        out = g.conv(x, weights[name + "/conv/filters"], weights[name + "/conv/bias"], stride, padding)
        c = g.shapes[out][0]
        out = g.same_shape(g.op("Mul", [out, g.const(weights[name + "/scale/weights"].reshape(1, c, 1, 1), "sw")]), out)
        out = g.same_shape(g.op("Add", [out, g.const(weights[name + "/scale/biases"].reshape(1, c, 1, 1), "sb")]), out)
        return g.relu(out) if relu else out

    def residual(x, name):
        out = conv_layer(x, name + "/conv1", 1, True, "SAME")
        out = conv_layer(out, name + "/conv2", 1, False, "SAME")
        return g.relu(g.add(out, x))

    def residual_down(x, name):
        out = conv_layer(x, name + "/conv1", 2, True, "VALID")
        out = conv_layer(out, name + "/conv2", 1, False, "SAME")
        pooled = g.avg_pool(x, 2, 2, "VALID")
        c, h, w = g.shapes[out]
        pc, ph, pw = g.shapes[pooled]
        if (h, w) != (ph, pw):
            # residualDown: one row of zeros below and one column right of the convolved branch
            out = pad(g, out, [0, 0, 1, 1], (c, h + 1, w + 1))
        if pc != c:
            # ... and the pooled input's channels followed by as many zeros
            pooled = pad(g, pooled, [c - pc, 0, 0], (c, ph, pw), channels=True)
        return g.relu(g.add(out, pooled))

    x = conv_layer(x, "conv32_down", 2, True, "VALID")
    c, h, w = g.shapes[x]
    x_pool = g.op("MaxPool", [x], "maxpool", kernel_shape=[3, 3], strides=[2, 2])
    g.shapes[x_pool] = (c, (h - 3) // 2 + 1, (w - 3) // 2 + 1)
    x = x_pool
    for name in ["conv32_1", "conv32_2", "conv32_3", "conv64_down", "conv64_1", "conv64_2", "conv64_3",
                 "conv128_down", "conv128_1", "conv128_2", "conv256_down", "conv256_1", "conv256_2",
                 "conv256_down_out"]:
        x = residual_down(x, name) if name.endswith("down") or name.endswith("down_out") else residual(x, name)
    pooled = g.op("GlobalAveragePool", [x], "gap")
    flat = g.op("Flatten", [pooled], "flat", axis=1)
    g.op("MatMul", [flat, g.const(weights["fc"], "fc")], "descriptor")
    g.nodes[-1].output[0] = "descriptor"
    outputs = [helper.make_tensor_value_info("descriptor", TensorProto.FLOAT, ["batch", 128])]
    return g.model([image], outputs,
                   "face-api FaceRecognitionNet: 150x150 RGB 0-255 NHWC (face square-padded) -> "
                   "128-d face descriptor (euclidean distance; the package suggests 0.6)")


def pad(g, x, amounts, shape, channels=False):
    """Zeros after the end of C (channels=True: amounts[0]) or of H and W (amounts[2:])."""
    ends = [0, amounts[0], 0, 0] if channels else [0, 0, amounts[2], amounts[3]]
    pads = np.array([0, 0, 0, 0] + ends, dtype=np.int64)
    name = g.fresh("pads")
    g.initializers.append(numpy_helper.from_array(pads, name))
    out = g.op("Pad", [x, name], "pad", mode="constant")
    g.shapes[out] = shape
    return out


# --- TF.js graph models ------------------------------------------------------------------------

def attr_string(node, key):
    return base64.b64decode(node["attr"][key]["s"]).decode()


def graph_model(topology, weights, scale):
    g = Graph("graph")
    tensors = {}
    features = None
    classes = None
    outputs = []
    for n in topology["node"]:
        op, name = n["op"], n["name"]
        inputs = [i.split(":")[0] for i in n.get("input", []) if not i.startswith("^")]
        if op == "Placeholder":
            dims = [int(d["size"]) for d in n["attr"]["shape"]["shape"]["dim"]]
            x, image = image_input(g, dims[1], scale=scale)
            tensors[name] = x
        elif op == "Const":
            if name not in weights:
                raise ValueError(f"constant {name} has no weights")
        elif op in ("Mul", "Sub", "AddV2"):
            a, b = (tensors.get(i) or g.const(weights[i], "k") for i in inputs)
            like = a if a in g.shapes else b
            tensors[name] = g.same_shape(g.op({"Mul": "Mul", "Sub": "Sub", "AddV2": "Add"}[op], [a, b]), like)
        elif op in ("_FusedConv2D", "FusedDepthwiseConv2dNative"):
            fused = [base64.b64decode(s).decode() for s in n["attr"]["fused_ops"]["list"]["s"]]
            strides = [int(s) for s in n["attr"]["strides"]["list"]["i"]]
            dilations = [int(s) for s in n["attr"].get("dilations", {}).get("list", {}).get("i", ["1"] * 4)]
            if attr_string(n, "data_format") != "NHWC" or strides[1] != strides[2] or set(dilations) != {1}:
                raise ValueError(f"{name}: unsupported layout, strides or dilations")
            if fused[0] != "BiasAdd" or len(fused) > 2 or (len(fused) == 2 and fused[1] not in ("Relu", "Relu6")):
                raise ValueError(f"{name}: unsupported fused ops {fused}")
            out = g.conv(tensors[inputs[0]], weights[inputs[1]], weights[inputs[2]], strides[1],
                         attr_string(n, "padding"), depthwise=(op == "FusedDepthwiseConv2dNative"))
            if len(fused) == 2:
                out = g.relu6(out) if fused[1] == "Relu6" else g.relu(out)
            tensors[name] = out
        elif op == "AvgPool":
            k = [int(s) for s in n["attr"]["ksize"]["list"]["i"]]
            s = [int(v) for v in n["attr"]["strides"]["list"]["i"]]
            tensors[name] = g.avg_pool(tensors[inputs[0]], k[1], s[1], attr_string(n, "padding"))
        elif op == "Squeeze":
            features = g.op("Flatten", [tensors[inputs[0]]], "features", axis=1)
            tensors[name] = features
        elif op == "_FusedMatMul":
            attrs = n["attr"]
            if attrs["transpose_a"]["b"] or attrs["transpose_b"]["b"]:
                raise ValueError(f"{name}: transposed MatMul")
            classes = weights[inputs[2]].shape[0]
            tensors[name] = g.op("Gemm", [tensors[inputs[0]], g.const(weights[inputs[1]], "fcw"),
                                          g.const(weights[inputs[2]], "fcb")])
        elif op == "Softmax":
            tensors[name] = g.op("Softmax", [tensors[inputs[0]]], "probabilities", axis=1)
        elif op == "Identity":
            tensors[name] = tensors[inputs[0]]
            outputs.append(tensors[name])
        else:
            raise ValueError(f"{name}: op {op} is not mapped")
    if features is None or len(outputs) != 1:
        raise ValueError("expected one feature vector (Squeeze) and one output")
    rename(g, features, "features")
    rename(g, outputs[0], "probabilities")
    outs = [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "features"]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", classes])]
    return g.model([image], outs, "TF.js graph model converted by chfen: RGB 0-255 NHWC in; "
                                   "features: the backbone's pooled feature vector; probabilities: its head")


def main(argv):
    kind = argv[1]
    if kind in ("face-expression", "face-recognition"):
        manifest_path, out = argv[2], argv[3]
        base = os.path.dirname(manifest_path)
        with open(manifest_path) as f:
            groups = json.load(f)
        weights = read_weights(groups, lambda p: open(os.path.join(base, p), "rb").read())
        model = face_expression(weights) if kind == "face-expression" else face_recognition(weights)
    elif kind == "graph":
        model_path, weights_path, out = argv[2], argv[3], argv[4]
        scale = float(argv[argv.index("--scale") + 1]) if "--scale" in argv else None
        with open(model_path) as f:
            spec = json.load(f)
        raw = open(weights_path, "rb").read()
        specs = [w for group in spec["weightsManifest"] for w in group["weights"]]
        weights = read_weights([{"paths": ["all"], "weights": specs}], lambda p: raw)
        model = graph_model(spec["modelTopology"], weights, scale)
    else:
        raise SystemExit(__doc__)
    tmp = out + ".tmp"
    onnx.save(model, tmp)
    os.replace(tmp, out)


if __name__ == "__main__":
    main(sys.argv)
