package io.visage.onnx;

import java.io.IOException;

import org.osgi.annotation.versioning.ProviderType;

import ai.onnxruntime.OrtException;
import io.visage.api.model.ModelService;

/** Creates ONNX Runtime sessions on the platform's one shared {@code OrtEnvironment}. */
@ProviderType
public interface OnnxSessions {

    /**
     * Reads the model and creates its session with the configured thread counts. The caller owns the result
     * and {@linkplain ModelSession#retire() retires} it when the model service goes.
     */
    ModelSession open(ModelService model) throws IOException, OrtException;
}
