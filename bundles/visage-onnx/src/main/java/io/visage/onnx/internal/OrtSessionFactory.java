package io.visage.onnx.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;
import io.visage.onnx.ModelSession;
import io.visage.onnx.OnnxSessions;

/**
 * The platform's ONNX Runtime: one environment (ONNX Runtime allows one per process) with ERROR log level,
 * because two of the models print about a hundred warnings each at the default level.
 */
@Component(service = OnnxSessions.class, configurationPid = OrtSessionFactory.PID)
@Designate(ocd = OrtSessionFactory.Config.class)
public final class OrtSessionFactory implements OnnxSessions {

    public static final String PID = "io.visage.onnx";

    @ObjectClassDefinition(name = "Visage ONNX Runtime", description = "Thread counts of the model sessions.")
    public @interface Config {
        @AttributeDefinition(name = "Intra-op threads", description = "Threads one inference may use. Default 1: "
                + "requests run in parallel on the HTTP threads; raise it for lower single-request latency.")
        int intra_op_threads() default 1;

        @AttributeDefinition(name = "Inter-op threads", description = "Threads for independent graph branches. "
                + "Default 1.")
        int inter_op_threads() default 1;
    }

    private final OrtEnvironment environment;
    private final int intraOpThreads;
    private final int interOpThreads;

    @Activate
    public OrtSessionFactory(Config config) {
        this(config.intra_op_threads(), config.inter_op_threads());
    }

    public OrtSessionFactory(int intraOpThreads, int interOpThreads) {
        NativeLeftovers.removeUnusedExtractionFolders(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        this.environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "visage");
        this.intraOpThreads = Math.max(1, intraOpThreads);
        this.interOpThreads = Math.max(1, interOpThreads);
    }

    @Override
    public ModelSession open(ModelService model) throws IOException, OrtException {
        ModelDescriptor descriptor = model.descriptor();
        byte[] bytes = model.readModel();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(interOpThreads);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            return new ModelSession(model, descriptor, environment, environment.createSession(bytes, options));
        }
    }
}
