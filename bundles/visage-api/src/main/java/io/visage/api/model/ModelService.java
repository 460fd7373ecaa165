package io.visage.api.model;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One model artifact (for example an ONNX file) with its metadata, registered by a model bundle.
 *
 * <p>The service carries the descriptor's identity as service properties so consumers can filter:
 * {@value #KIND}, {@value #NAME}, {@value #VERSION} and {@value #SHA256}; {@code service.ranking} decides
 * between several versions. Consumers open their inference session when the service appears and close it
 * when the service goes.
 */
@ProviderType
public interface ModelService {

    /** Service property: the model's kind, one of the {@code KIND_*} values. */
    String KIND = "visage.model.kind";
    /** Service property: the model's name, for example {@code fr_detect}. */
    String NAME = "visage.model.name";
    /** Service property: the model's version. */
    String VERSION = "visage.model.version";
    /** Service property: lower-case hex sha256 of the model bytes. */
    String SHA256 = "visage.model.sha256";
    /** Service property: the artifact format, for example {@code onnx}. */
    String FORMAT = "visage.model.format";

    String KIND_FACE_DETECTOR = "face-detector";
    String KIND_FACE_LANDMARKS = "face-landmarks";
    String KIND_FACE_EMBEDDING = "face-embedding";
    String KIND_LIVENESS = "liveness";
    String KIND_EYE_STATE = "eye-state";
    String KIND_HEAD_POSE = "head-pose";

    ModelDescriptor descriptor();

    /** Opens the model artifact; the caller closes the stream. */
    InputStream openModel() throws IOException;

    /** Reads the whole model artifact. */
    default byte[] readModel() throws IOException {
        try (InputStream in = openModel()) {
            return in.readAllBytes();
        }
    }
}
