package io.visage.core.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceTemplate;
import io.visage.api.gallery.GalleryMatch;
import io.visage.api.gallery.IdMatchRequest;
import io.visage.api.gallery.Liveness;
import io.visage.api.gallery.MatchCandidate;
import io.visage.api.gallery.MatchDecision;
import io.visage.api.gallery.MatchRequest;
import io.visage.api.history.HistoryQuery;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.TemplateIndex;
import io.visage.api.index.UserMatch;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.MatchStore;
import io.visage.api.tenant.ApiUser;

/**
 * 1:1 and 1:N matches against the tenant's gallery and selfie-to-document (ID) matches, each decided by the
 * one rule of {@link #decision} and stored as a transaction.
 */
final class Matching {
    /** Only for an embedding model whose metadata carry no calibrated threshold. */
    static final double DEFAULT_GRADE = 0.43;

    private final GalleryStore gallery;
    private final Groups groups;
    private final MatchStore matches;
    private final GalleryIndex index;
    private final Probes probes;
    private final FacePipeline pipeline;
    private final EmbeddingModels grades;
    private final Supplier<GallerySettings> settings;

    Matching(GalleryStore gallery, Groups groups, MatchStore matches, GalleryIndex index, Probes probes,
            FacePipeline pipeline, EmbeddingModels grades, Supplier<GallerySettings> settings) {
        this.gallery = gallery;
        this.groups = groups;
        this.matches = matches;
        this.index = index;
        this.probes = probes;
        this.pipeline = pipeline;
        this.grades = grades;
        this.settings = settings;
    }

    GalleryMatch match(ApiUser tenant, MatchRequest request) {
        GallerySettings now = settings.get();
        Optional<String> reference = GalleryNames.userReference(request.userReference());
        List<String> groupNames = GalleryNames.groupNames(request.groups());
        if (!index.read(tenant.id(), () -> gallery.hasUsers(tenant.id()))) {
            throw new RequestRefusedException(Refusal.GALLERY_EMPTY);
        }
        if (reference.isPresent() && !index.read(tenant.id(), () -> gallery.userExists(tenant.id(), reference.get()))) {
            throw new RequestRefusedException(Refusal.MATCHED_USER_UNKNOWN);
        }
        if (request.topN() < 1 || request.topN() > now.maxTopN()) {
            throw new RequestRefusedException(Refusal.TOP_N_OUT_OF_RANGE, now.maxTopN());
        }
        groups.requireExisting(tenant, groupNames);
        Probes.Probe probe = probes.forTenant(tenant, request.image(), request.liveness(), false);
        FaceTemplate template = probe.template();
        String modelKey = IndexEntry.modelKey(template.modelName(), template.modelVersion());
        TemplateIndex current = index.current();
        double score;
        List<MatchCandidate> ranking = List.of();
        if (reference.isPresent()) {
            score = current.score(tenant.id(), modelKey, reference.get(), template.vector())
                    .map(UserMatch::score).map(Float::doubleValue)
                    .orElseThrow(() -> new RequestRefusedException(Refusal.GALLERY_UNKNOWN));
        } else {
            List<UserMatch> best = current.search(tenant.id(), modelKey, template.vector(), request.topN(),
                    new HashSet<>(groupNames));
            if (best.isEmpty()) {
                throw new RequestRefusedException(Refusal.GALLERY_UNKNOWN);
            }
            Map<String, String> images = index.read(tenant.id(), () -> gallery.firstImageKeys(tenant.id(),
                    best.stream().map(UserMatch::userReference).toList()));
            ranking = best.stream().map(m -> new MatchCandidate(m.userReference(), m.score(),
                    Optional.ofNullable(images.get(m.userReference())))).toList();
            score = best.get(0).score();
        }
        double grade = grades.grade(now.galleryGrade(), modelKey, DEFAULT_GRADE);
        GalleryMatch match = decided(probe.liveness(), score, grade, reference, ranking);
        return store(tenant, MatchStore.Kind.GALLERY, match,
                request.saveImage() ? Optional.of(request.image()) : Optional.empty(), Optional.empty());
    }

    List<GalleryMatch> matches(ApiUser tenant, HistoryQuery query) {
        HistoryQuery canonical = Enrolment.canonical(query);
        return index.read(tenant.id(), () -> matches.query(tenant.id(), MatchStore.Kind.GALLERY, canonical));
    }

    GalleryMatch idMatch(ApiUser tenant, IdMatchRequest request) {
        Probes.Probe selfie = probes.withPreferredModel(request.matchImage(), request.liveness());
        FaceTemplate portrait;
        try (FaceImage document = pipeline.decode(request.idImage())) {
            // A document photo: no capture checks, the largest face is the portrait.
            portrait = pipeline.template(document, pipeline.requireFace(document));
        }
        double score = selfie.template().similarity(portrait);
        double grade = grades.grade(settings.get().idGrade(),
                IndexEntry.modelKey(portrait.modelName(), portrait.modelVersion()), DEFAULT_GRADE);
        GalleryMatch match = decided(selfie.liveness(), score, grade, Optional.empty(), List.of());
        boolean save = request.saveImage();
        return store(tenant, MatchStore.Kind.ID, match, save ? Optional.of(request.matchImage()) : Optional.empty(),
                save ? Optional.of(request.idImage()) : Optional.empty());
    }

    List<GalleryMatch> idMatches(ApiUser tenant, HistoryQuery query) {
        HistoryQuery canonical = Enrolment.canonical(query);
        return index.read(tenant.id(), () -> matches.query(tenant.id(), MatchStore.Kind.ID, canonical));
    }

    /** The one decision rule of every kind of match: a spoof decides nothing; otherwise the grade does. */
    static MatchDecision decision(Liveness liveness, double score, double grade) {
        if (!liveness.passed()) {
            return MatchDecision.SPOOF;
        }
        return score >= grade ? MatchDecision.MATCH : MatchDecision.NO_MATCH;
    }

    /** A new transaction with its decision; the saved image's key is filled in when it is stored. */
    private static GalleryMatch decided(Liveness liveness, double score, double grade, Optional<String> reference,
            List<MatchCandidate> ranking) {
        return new GalleryMatch(TransactionKeys.next(), Instant.now(), decision(liveness, score, grade), score, grade,
                reference, Optional.empty(), liveness, ranking);
    }

    private GalleryMatch store(ApiUser tenant, MatchStore.Kind kind, GalleryMatch match, Optional<byte[]> image,
            Optional<byte[]> secondImage) {
        return index.read(tenant.id(), () -> matches.insert(tenant.id(), kind, match, image, secondImage));
    }
}
