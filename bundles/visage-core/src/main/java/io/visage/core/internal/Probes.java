package io.visage.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
import io.visage.api.face.LivenessResult;
import io.visage.api.gallery.Liveness;
import io.visage.api.storage.EmbeddingStore;
import io.visage.api.tenant.ApiUser;

/**
 * A selfie as enrolment and matching need it: its template, made with the embedding model the tenant's
 * gallery is matched with, after the capture checks and liveness when requested. Choosing that model is
 * done here and nowhere else.
 */
final class Probes {

    /** A selfie's template and how liveness went. */
    record Probe(FaceTemplate template, Liveness liveness) {
    }

    private final FacePipeline pipeline;
    private final EmbeddingStore embedding;
    private final Supplier<GallerySettings> settings;
    private final Executor beside;

    /** Liveness runs on the calling thread, before the template. */
    Probes(FacePipeline pipeline, EmbeddingStore embedding, Supplier<GallerySettings> settings) {
        this(pipeline, embedding, settings, Runnable::run);
    }

    /**
     * @param beside where liveness runs while the calling thread makes the template (both read the decoded image
     *     and nothing else): on an idle core it takes the liveness model's time off the request; an executor that
     *     runs the task on the calling thread when it has no idle thread keeps the old order under full load
     */
    Probes(FacePipeline pipeline, EmbeddingStore embedding, Supplier<GallerySettings> settings, Executor beside) {
        this.pipeline = pipeline;
        this.embedding = embedding;
        this.settings = settings;
        this.beside = beside;
    }

    /**
     * The probe with the tenant's model. If that model goes away while the request runs (a model bundle
     * removed during a roll-out), the request is answered with the model that now serves the tenant.
     *
     * @param gateQuality refuse faces below the configured minimum quality (enrolment only)
     */
    Probe forTenant(ApiUser tenant, byte[] encoded, boolean liveness, boolean gateQuality) {
        String model = modelFor(tenant);
        try {
            return probe(encoded, liveness, model, gateQuality);
        } catch (FaceException e) {
            String now = e.error() == FaceError.STAGE_UNAVAILABLE ? modelFor(tenant) : model;
            if (now.equals(model)) {
                throw e;
            }
            return probe(encoded, liveness, now, gateQuality);
        }
    }

    /** The probe with the embedder's preferred model (compared with another image of the same request). */
    Probe withPreferredModel(byte[] encoded, boolean liveness) {
        return probe(encoded, liveness, null, false);
    }

    /** Whether enrolment refuses faces below a configured quality. */
    boolean qualityGated() {
        return !settings.get().minQuality().isEmpty();
    }

    /**
     * The embedding model this tenant's gallery is matched with: its active model while the embedder still
     * has it (during a roll-out the new model is used only once the tenant's templates are re-embedded), the
     * embedder's preferred model otherwise.
     */
    private String modelFor(ApiUser tenant) {
        List<String> available = pipeline.embeddingModels();
        if (available.isEmpty()) {
            throw new FaceException(FaceError.STAGE_UNAVAILABLE, "no face embedding model");
        }
        Optional<String> active = Conflicts.retry(() -> embedding.activeModel(tenant.id()));
        return active.filter(available::contains).orElse(available.get(0));
    }

    /** @param model the embedding model ({@code name:version}); null for the embedder's preferred one */
    private Probe probe(byte[] encoded, boolean liveness, String model, boolean gateQuality) {
        try (FaceImage image = pipeline.decode(encoded)) {
            FacePipeline.Located located = pipeline.locate(image);
            DetectedFace face = liveness ? FacePipeline.adequateFace(located) : FacePipeline.anyFace(located);
            // The quality measures and the embedding's alignment use the same landmarks: located once.
            FaceLandmarks landmarks = null;
            if (gateQuality) {
                Map<String, Double> gate = settings.get().minQuality();
                landmarks = pipeline.landmarks(image, face);
                QualityGate.check(gate, pipeline.quality(image, face, landmarks, located.faces()));
            }
            if (!liveness) {
                return new Probe(pipeline.template(image, face, landmarks, model), Liveness.OFF);
            }
            FutureTask<LivenessResult> live = new FutureTask<>(() -> pipeline.liveness(image, face));
            beside.execute(live);
            try {
                FaceTemplate template = pipeline.template(image, face, landmarks, model);
                return new Probe(template, Liveness.of(outcome(live)));
            } finally {
                // the image is closed when this returns: liveness must have let go of it, whatever happened here
                outcome(live, true);
            }
        }
    }

    private static LivenessResult outcome(FutureTask<LivenessResult> live) {
        return outcome(live, false);
    }

    /** Waits for the task, uninterruptibly (it reads native memory this thread frees next), and gives its result. */
    private static LivenessResult outcome(FutureTask<LivenessResult> live, boolean quietly) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return live.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (quietly) {
                        return null;
                    }
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
