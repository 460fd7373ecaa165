package io.visage.model.faceapiresnet;

import java.io.IOException;
import java.io.InputStream;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;
import io.visage.model.support.EmbeddedModel;

/** Face embedding (128-d, face-api ResNet-34): the embedded faceapi_resnet34.onnx as a {@link ModelService}; its metadata are the service properties. */
@Component(service = ModelService.class, configurationPid = FaceApiResnetModel.PID,
        properties = FaceApiResnetModel.METADATA, property = Constants.SERVICE_RANKING + ":Integer=${model.ranking}")
@Designate(ocd = FaceApiResnetModel.Config.class)
public final class FaceApiResnetModel implements ModelService {

    public static final String PID = "io.visage.model.faceapi_resnet34";
    /** Metadata and service properties; a name of its own so that class paths with several models work. */
    static final String METADATA = "OSGI-INF/visage-model-faceapi_resnet34.properties";

    @ObjectClassDefinition(name = "Visage model faceapi_resnet34", description = "Face embedding (128-d, face-api ResNet-34) embedded in this bundle.")
    @interface Config {
        @AttributeDefinition(name = "Service ranking", description = "Among models of the same kind the consumers "
                + "bind the one with the highest ranking; raise it to switch to this bundle's version. Default: the "
                + "build's model.ranking (0 unless the bundle was built to replace another version).")
        int service_ranking() default ${model.ranking};
    }

    private final EmbeddedModel model;

    @Activate
    public FaceApiResnetModel() {
        this.model = EmbeddedModel.of(FaceApiResnetModel.class, METADATA);
    }

    @Override
    public ModelDescriptor descriptor() {
        return model.descriptor();
    }

    @Override
    public InputStream openModel() throws IOException {
        return model.openModel();
    }
}
