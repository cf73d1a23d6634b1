/**
 * The modality encoders: text (BERT-style ONNX), frames and audio (engineered descriptors or any
 * ONNX export), speech to text (a CTC export).
 */
package io.chfen.encode;
