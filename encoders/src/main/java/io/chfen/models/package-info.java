/**
 * The model registry ({@code models.yaml}: sources, licences, SHA-256) and ONNX Runtime: one
 * environment per JVM, shared sessions, CUDA when usable, the CPU otherwise.
 */
package io.chfen.models;
