package io.visage.onnx;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import ai.onnxruntime.OrtException;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.model.ModelService;
import io.visage.api.stage.ModelConsumer;
import io.visage.api.stage.ModelPin;

/**
 * The model binding of a pipeline stage that runs one kind of model, written once: a dynamic, greedy, mandatory
 * reference named {@value #MODEL_REFERENCE} to the best-ranked {@link ModelService} its filter selects, held in a
 * {@link ModelSlot} (a new model's session opens before the old one retires, requests in flight finish on theirs),
 * and the {@link ModelPin} through which {@code visage:model-use} pins its version.
 *
 * <p>A stage extends this class and names its model in its component properties:
 * <pre>
 * &#64;Component(service = {FaceDetector.class, ModelConsumer.class}, configurationPid = PID,
 *         property = ModelStage.MODEL_TARGET + "=" + MODEL_FILTER)
 * </pre>
 * Its bundle builds with {@code -dsannotations-options: inherit} so that bnd writes this class's reference into
 * the stage's component description. A stage with a second model binds it with its own {@link ModelSlot} and adds
 * its pin to {@link #pins()}.
 */
@ConsumerType
public abstract class ModelStage implements ModelConsumer {

    /** The name of the model reference. */
    public static final String MODEL_REFERENCE = "model";
    /**
     * The component property holding the reference's LDAP filter over model service properties; the stage's
     * default in its {@code @Component}, an operator's pin in its configuration.
     */
    public static final String MODEL_TARGET = MODEL_REFERENCE + ".target";

    private final System.Logger log = System.getLogger(getClass().getName());
    private final ModelSlot model;
    private final String kind;
    private final String configurationPid;
    private final String stageName;

    /**
     * @param kind             the kind of model it runs, one of {@code ModelService.KIND_*}
     * @param configurationPid the stage's configuration, where its pin is written
     * @param stageName        how logs and errors name the stage, e.g. {@code liveness}
     */
    protected ModelStage(OnnxSessions sessions, String kind, String configurationPid, String stageName) {
        this.model = new ModelSlot(sessions);
        this.kind = kind;
        this.configurationPid = configurationPid;
        this.stageName = stageName;
    }

    @Reference(name = MODEL_REFERENCE, service = ModelService.class, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    public void bindModel(ModelService service) throws IOException, OrtException {
        bind(model, service, stageName);
    }

    public void unbindModel(ModelService service) {
        model.unbind(service);
    }

    /** Opens {@code service}'s session in {@code slot} and logs the switch ({@code <what> uses model <id>}). */
    protected final void bind(ModelSlot slot, ModelService service, String what) throws IOException, OrtException {
        slot.bind(service);
        log.log(Level.INFO, "{0} uses model {1}", what, service.descriptor().id());
    }

    /** Retires every session of the stage; a subclass with a second slot clears it as well. */
    @Deactivate
    public void deactivate() {
        model.clear();
    }

    /**
     * A lease on the current model's session; the caller closes it.
     *
     * @throws FaceException {@link FaceError#STAGE_UNAVAILABLE} when no model is bound
     */
    protected final ModelSession.Lease lease() {
        return lease(model, stageName);
    }

    /** A lease on {@code slot}'s session; {@link FaceError#STAGE_UNAVAILABLE} naming {@code what} without one. */
    protected static ModelSession.Lease lease(ModelSlot slot, String what) {
        return slot.acquire().orElseThrow(
                () -> new FaceException(FaceError.STAGE_UNAVAILABLE, "no " + what + " model"));
    }

    /** Where {@code visage:model-use} pins this stage's model: {@value #MODEL_TARGET} in its configuration. */
    @Override
    public List<ModelPin> pins() {
        return List.of(new ModelPin(kind, configurationPid, MODEL_TARGET));
    }
}
