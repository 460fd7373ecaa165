package io.visage.model.extender;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.Objects;

import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;

/** A model service whose artifact is a resource: an entry of a model bundle, or of a model jar on a class path. */
public final class ResourceModel implements ModelService {

    private final ModelDescriptor descriptor;
    private final URL artifact;
    private final Map<String, Object> properties;

    /** @param properties its service properties ({@link ModelHeader.Entry#properties()}) */
    public ResourceModel(ModelDescriptor descriptor, URL artifact, Map<String, Object> properties) {
        this.descriptor = Objects.requireNonNull(descriptor, "descriptor");
        this.artifact = Objects.requireNonNull(artifact, "artifact");
        this.properties = Map.copyOf(properties);
    }

    /**
     * The model's service properties ({@code visage.model.*}) without the ranking: what a consumer's reference
     * sees, for example {@code visage.model.crop} (io.visage.api.face.FaceAligner#MODEL_CROP).
     */
    public Map<String, Object> properties() {
        return properties;
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public InputStream openModel() throws IOException {
        return artifact.openStream();
    }

    @Override
    public String toString() {
        return "ResourceModel[" + descriptor.id() + " " + descriptor.kind() + " " + artifact + "]";
    }
}
