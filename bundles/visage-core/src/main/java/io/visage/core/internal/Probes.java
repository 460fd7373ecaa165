package io.visage.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceLandmarks;
import io.visage.api.face.FaceTemplate;
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

    Probes(FacePipeline pipeline, EmbeddingStore embedding, Supplier<GallerySettings> settings) {
        this.pipeline = pipeline;
        this.embedding = embedding;
        this.settings = settings;
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
            Liveness result = liveness ? Liveness.of(pipeline.liveness(image, face)) : Liveness.OFF;
            return new Probe(pipeline.template(image, face, landmarks, model), result);
        }
    }
}
