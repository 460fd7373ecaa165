/**
 * Sessions of ONNX models for model consumers: {@link io.visage.onnx.OnnxSessions} (the service),
 * {@link io.visage.onnx.ModelSession} (one session per model, reference-counted),
 * {@link io.visage.onnx.ModelSlot} (a consumer's current model, swapped by dynamic references) and
 * {@link io.visage.onnx.ModelStage} (the model binding of a stage, once).
 */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.visage.onnx;
