/**
 * The face pipeline as one piece of logic, assembled from the stage services: decoding, detection with the most
 * relevant face and its capture check, landmarks, the alignment each embedding model needs, embedding, liveness and
 * quality ({@link io.visage.api.pipeline.FaceFlow}). Production (visage-core, over dynamic references) and the
 * measuring tools (visage-evaluation, visage-benchmarks, over fixed instances) run the same flow.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.visage.api.pipeline;
