package io.visage.model.frdetect;

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

/** Face detector: the embedded fr_detect.onnx as a {@link ModelService}; its metadata are the service properties. */
@Component(service = ModelService.class, configurationPid = FrDetectModel.PID,
        properties = FrDetectModel.METADATA, property = Constants.SERVICE_RANKING + ":Integer=${model.ranking}")
@Designate(ocd = FrDetectModel.Config.class)
public final class FrDetectModel implements ModelService {

    public static final String PID = "io.visage.model.fr_detect";
    /** Metadata and service properties; a name of its own so that class paths with several models work. */
    static final String METADATA = "OSGI-INF/visage-model-fr_detect.properties";

    @ObjectClassDefinition(name = "Visage model fr_detect", description = "Face detector embedded in this bundle.")
    @interface Config {
        @AttributeDefinition(name = "Service ranking", description = "Among models of the same kind the consumers "
                + "bind the one with the highest ranking; raise it to switch to this bundle's version. Default: the "
                + "build's model.ranking (0 unless the bundle was built to replace another version).")
        int service_ranking() default ${model.ranking};
    }

    private final EmbeddedModel model;

    @Activate
    public FrDetectModel() {
        this.model = EmbeddedModel.of(FrDetectModel.class, METADATA);
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
