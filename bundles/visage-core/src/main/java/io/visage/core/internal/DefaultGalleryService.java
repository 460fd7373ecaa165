package io.visage.core.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;
import io.visage.api.face.DetectedFace;
import io.visage.api.face.FaceError;
import io.visage.api.face.FaceException;
import io.visage.api.face.FaceImage;
import io.visage.api.face.FaceTemplate;
import io.visage.api.gallery.EnrolmentRequest;
import io.visage.api.gallery.EnrolmentResult;
import io.visage.api.gallery.GalleryMatch;
import io.visage.api.gallery.GalleryService;
import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.IdMatchRequest;
import io.visage.api.gallery.Liveness;
import io.visage.api.gallery.MatchCandidate;
import io.visage.api.gallery.MatchDecision;
import io.visage.api.gallery.MatchRequest;
import io.visage.api.gallery.UserLog;
import io.visage.api.gallery.UserQuery;
import io.visage.api.history.HistoryQuery;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.TemplateIndex;
import io.visage.api.index.UserMatch;
import io.visage.api.storage.DuplicateException;
import io.visage.api.storage.EmbeddingStore;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.GroupStore;
import io.visage.api.storage.MatchStore;
import io.visage.api.storage.NewFace;
import io.visage.api.storage.StoredFace;
import io.visage.api.tenant.ApiUser;

/**
 * Enrolment, groups and 1:1 / 1:N / ID matching. Storage is the source of truth; the template index is
 * rebuilt from it whenever an index service is bound (at start, or when another backend replaces it) and
 * kept in step after every committed change. Templates are only ever compared with templates of the same
 * embedding model.
 */
@Component(service = {GalleryService.class, IndexedTemplates.class}, configurationPid = DefaultGalleryService.PID)
@Designate(ocd = DefaultGalleryService.Config.class)
public final class DefaultGalleryService implements GalleryService, IndexedTemplates {
    static final String PID = "io.visage.core.matching";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultGalleryService.class);
    private static final int MAX_REFERENCE = 255;
    /** Only for an embedding model whose metadata carry no calibrated threshold. */
    private static final double DEFAULT_GRADE = 0.43;

    @ObjectClassDefinition(name = "Visage matching", description = "Decision thresholds (saffe_grade).")
    @interface Config {
        @AttributeDefinition(name = "Gallery grade", description = "Cosine similarity at or above which a gallery "
                + "match is a match. 0 or less (default): the embedding model's calibrated FMR 1e-3 threshold "
                + "from its metadata (fr_feature: 0.43, ACCURACY.md); each model scores on its own scale.")
        double galleryGrade() default 0;

        @AttributeDefinition(name = "ID grade", description = "The same for selfie vs ID document portraits.")
        double idGrade() default 0;

        @AttributeDefinition(name = "Maximum top_n", description = "Largest ranking a 1:N request may ask for.")
        int maxTopN() default 100;

        @AttributeDefinition(name = "Minimum enrolment quality", description = "Optional quality gate on "
                + "registration and update, e.g. sharpness=0.5,eyes_open=0.5,head_pose_yaw=30: measure=minimum "
                + "(ISO/IEC 29794-5 names, see QUALITY.md); for head_pose_* the value is the largest |angle| in "
                + "degrees. Empty (default): no gate.")
        String minQuality() default "";
    }

    private final FacePipeline pipeline;
    private final GalleryStore gallery;
    private final GroupStore groupStore;
    private final MatchStore matchStore;
    private final TemplateProtection protection;
    private final EmbeddingStore embedding;
    private final EmbeddingModels grades;
    /** Replaced as a whole on a configuration change, without re-activation (requests keep flowing). */
    private volatile Config config;
    private volatile Map<String, Double> minQuality;
    private volatile TemplateIndex index;
    private final TenantWriteLocks writes = new TenantWriteLocks();

    @Activate
    public DefaultGalleryService(Config config, @Reference FacePipeline pipeline, @Reference GalleryStore gallery,
            @Reference GroupStore groups, @Reference MatchStore matches, @Reference TemplateProtection protection,
            @Reference EmbeddingStore embedding, @Reference EmbeddingModels grades) {
        this.embedding = embedding;
        this.grades = grades;
        this.config = config;
        this.minQuality = QualityGate.parse(config.minQuality());
        this.pipeline = pipeline;
        this.gallery = gallery;
        this.groupStore = groups;
        this.matchStore = matches;
        this.protection = protection;
    }

    /** New thresholds or quality gate apply to the next request; no re-activation, no gap in service. */
    @Modified
    void modified(Config changed) {
        Map<String, Double> gate = QualityGate.parse(changed.minQuality());
        this.config = changed;
        this.minQuality = gate;
        LOG.info("Matching configuration changed: grades {} / {}, max top_n {}, quality gate {}",
                changed.galleryGrade(), changed.idGrade(), changed.maxTopN(), gate.isEmpty() ? "off" : gate);
    }

    /** A newly bound index (the first, or a better-ranked backend) is filled from storage before it is used. */
    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindIndex(TemplateIndex candidate) {
        fill(candidate);
    }

    private int fill(TemplateIndex target) {
        return writes.rebuild(() -> {
            long start = System.nanoTime();
            List<IndexEntry> entries = new ArrayList<>();
            gallery.forEachFace(face -> entries.add(entry(face)));
            target.rebuild(entries.stream(), groupStore.allMemberships().stream());
            index = target;
            LOG.info("Template index {} built from storage: {} templates in {} ms", target.getClass().getName(),
                    entries.size(), (System.nanoTime() - start) / 1_000_000);
            return entries.size();
        });
    }

    @Override
    public void indexed(StoredFace face) {
        writes.write(face.tenantId(), () -> index.add(entry(face)));
    }

    @Override
    public IndexStats indexStats() {
        return index.stats();
    }

    @Override
    public String indexBackend() {
        return index.getClass().getName();
    }

    @Override
    public int rebuildIndex() {
        return fill(index);
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
        Optional<String> active = embedding.activeModel(tenant.id());
        return active.filter(available::contains).orElse(available.get(0));
    }

    void unbindIndex(TemplateIndex gone) {
        // With a mandatory greedy reference the replacement is bound before the old one is unbound.
    }

    private static IndexEntry entry(StoredFace face) {
        return new IndexEntry(face.tenantId(), face.userReference(), face.faceId(),
                IndexEntry.modelKey(face.modelName(), face.modelVersion()), face.vector());
    }

    // ---- users ----

    @Override
    public List<GalleryUser> queryUsers(ApiUser tenant, UserQuery query) {
        return gallery.queryUsers(tenant.id(), query);
    }

    @Override
    public EnrolmentResult register(ApiUser tenant, EnrolmentRequest request) {
        requireReference(request.userReference());
        if (gallery.userExists(tenant.id(), request.userReference())) {
            throw new RequestRefusedException(Refusal.USER_EXISTS, request.userReference());
        }
        return enrol(tenant, request, true);
    }

    @Override
    public EnrolmentResult update(ApiUser tenant, EnrolmentRequest request) {
        requireReference(request.userReference());
        if (!gallery.userExists(tenant.id(), request.userReference())) {
            throw new RequestRefusedException(Refusal.USER_UNKNOWN, request.userReference());
        }
        return enrol(tenant, request, false);
    }

    private EnrolmentResult enrol(ApiUser tenant, EnrolmentRequest request, boolean create) {
        Probe probe = probeFor(tenant, request.image(), request.liveness(), !minQuality.isEmpty());
        if (!probe.liveness().passed()) {
            return new EnrolmentResult(false, probe.liveness(), Optional.empty(), Optional.empty());
        }
        FaceTemplate template = probe.template();
        NewFace face = new NewFace(template.modelName(), template.modelVersion(), template.vector(),
                request.saveImage() ? Optional.of(request.image()) : Optional.empty());
        StoredFace stored = writes.write(tenant.id(), () -> {
            StoredFace saved;
            if (create) {
                try {
                    saved = gallery.createUser(tenant.id(), request.userReference(), face);
                } catch (DuplicateException raced) {
                    throw new RequestRefusedException(Refusal.USER_EXISTS, request.userReference());
                }
            } else {
                saved = gallery.addFace(tenant.id(), request.userReference(), face).orElseThrow(
                        () -> new RequestRefusedException(Refusal.USER_UNKNOWN, request.userReference()));
            }
            index.add(entry(saved));
            if (embedding.activeModel(tenant.id()).isEmpty()) {
                embedding.setActiveModel(tenant.id(), template.modelName(), template.modelVersion());
            }
            return saved;
        });
        Optional<String> protectedTemplate = request.returnTemplate()
                ? Optional.of(protection.protect(tenant.id(), template)) : Optional.empty();
        return new EnrolmentResult(true, probe.liveness(), stored.imageKey(), protectedTemplate);
    }

    @Override
    public void delete(ApiUser tenant, String userReference) {
        requireReference(userReference);
        if (!gallery.hasUsers(tenant.id())) {
            throw new RequestRefusedException(Refusal.GALLERY_UNKNOWN);
        }
        writes.write(tenant.id(), () -> {
            if (!gallery.deleteUser(tenant.id(), userReference)) {
                throw new RequestRefusedException(Refusal.USER_UNKNOWN, userReference);
            }
            index.removeUser(tenant.id(), userReference);
        });
    }

    @Override
    public List<UserLog> userLogs(ApiUser tenant, HistoryQuery query) {
        query.type().ifPresent(type -> {
            if (!Set.of("create", "update", "delete").contains(type)) {
                throw new RequestRefusedException(Refusal.UNKNOWN_HISTORY_TYPE);
            }
        });
        return gallery.userLogs(tenant.id(), query);
    }

    // ---- groups ----

    @Override
    public void createGroup(ApiUser tenant, String groupName) {
        requireGroupName(groupName);
        if (!groupStore.create(tenant.id(), groupName)) {
            throw new RequestRefusedException(Refusal.GROUP_EXISTS, groupName);
        }
    }

    @Override
    public List<String> groups(ApiUser tenant) {
        return groupStore.names(tenant.id());
    }

    @Override
    public void deleteGroup(ApiUser tenant, String groupName) {
        requireGroupName(groupName);
        writes.write(tenant.id(), () -> {
            if (!groupStore.delete(tenant.id(), groupName)) {
                throw groupDoesNotExist(groupName);
            }
            index.removeGroup(tenant.id(), groupName);
        });
    }

    @Override
    public void addToGroup(ApiUser tenant, String groupName, String userReference) {
        requireGroupName(groupName);
        requireReference(userReference);
        if (!groupStore.exists(tenant.id(), groupName)) {
            throw groupDoesNotExist(groupName);
        }
        if (!gallery.userExists(tenant.id(), userReference)) {
            throw new RequestRefusedException(Refusal.USER_UNKNOWN, userReference);
        }
        writes.write(tenant.id(), () -> {
            groupStore.addMember(tenant.id(), groupName, userReference);
            index.addToGroup(tenant.id(), userReference, groupName);
        });
    }

    @Override
    public void removeFromGroup(ApiUser tenant, String groupName, String userReference) {
        requireGroupName(groupName);
        requireReference(userReference);
        if (!groupStore.exists(tenant.id(), groupName)) {
            throw groupDoesNotExist(groupName);
        }
        writes.write(tenant.id(), () -> {
            if (!groupStore.removeMember(tenant.id(), groupName, userReference)) {
                throw new RequestRefusedException(Refusal.MEMBERSHIP_UNKNOWN);
            }
            index.removeFromGroup(tenant.id(), userReference, groupName);
        });
    }

    @Override
    public Map<String, List<String>> memberships(ApiUser tenant) {
        return groupStore.members(tenant.id());
    }

    private static RequestRefusedException groupDoesNotExist(String groupName) {
        return new RequestRefusedException(Refusal.GROUP_UNKNOWN, groupName);
    }

    // ---- matching ----

    @Override
    public GalleryMatch match(ApiUser tenant, MatchRequest request) {
        if (!gallery.hasUsers(tenant.id())) {
            throw new RequestRefusedException(Refusal.GALLERY_EMPTY);
        }
        request.userReference().ifPresent(reference -> {
            if (!gallery.userExists(tenant.id(), reference)) {
                throw new RequestRefusedException(Refusal.MATCHED_USER_UNKNOWN);
            }
        });
        if (request.topN() < 1 || request.topN() > config.maxTopN()) {
            throw new RequestRefusedException(Refusal.TOP_N_OUT_OF_RANGE, config.maxTopN());
        }
        for (String group : request.groups()) {
            if (!groupStore.exists(tenant.id(), group)) {
                throw groupDoesNotExist(group);
            }
        }
        Probe probe = probeFor(tenant, request.image(), request.liveness(), false);
        String modelKey = IndexEntry.modelKey(probe.template().modelName(), probe.template().modelVersion());
        TemplateIndex current = index;
        double score;
        List<MatchCandidate> ranking = List.of();
        if (request.userReference().isPresent()) {
            score = current.score(tenant.id(), modelKey, request.userReference().get(), probe.template().vector())
                    .map(UserMatch::score).map(Float::doubleValue)
                    .orElseThrow(() -> new RequestRefusedException(Refusal.GALLERY_UNKNOWN));
        } else {
            List<UserMatch> best = current.search(tenant.id(), modelKey, probe.template().vector(), request.topN(),
                    new HashSet<>(request.groups()));
            if (best.isEmpty()) {
                throw new RequestRefusedException(Refusal.GALLERY_UNKNOWN);
            }
            Map<String, String> images = gallery.firstImageKeys(tenant.id(),
                    best.stream().map(UserMatch::userReference).toList());
            ranking = best.stream().map(m -> new MatchCandidate(m.userReference(), m.score(),
                    Optional.ofNullable(images.get(m.userReference())))).toList();
            score = best.get(0).score();
        }
        double grade = grades.grade(config.galleryGrade(), modelKey, DEFAULT_GRADE);
        GalleryMatch match = new GalleryMatch(TransactionKeys.next(), Instant.now(),
                decision(probe.liveness(), score, grade), score, grade, request.userReference(), Optional.empty(),
                probe.liveness(), ranking);
        return matchStore.insert(tenant.id(), MatchStore.Kind.GALLERY, match,
                request.saveImage() ? Optional.of(request.image()) : Optional.empty(), Optional.empty());
    }

    /** The one decision rule of every kind of match: a spoof decides nothing; otherwise the grade does. */
    static MatchDecision decision(Liveness liveness, double score, double grade) {
        if (!liveness.passed()) {
            return MatchDecision.SPOOF;
        }
        return score >= grade ? MatchDecision.MATCH : MatchDecision.NO_MATCH;
    }

    @Override
    public List<GalleryMatch> matches(ApiUser tenant, HistoryQuery query) {
        return matchStore.query(tenant.id(), MatchStore.Kind.GALLERY, query);
    }

    @Override
    public GalleryMatch idMatch(ApiUser tenant, IdMatchRequest request) {
        Probe selfie = probe(request.matchImage(), request.liveness(), null, false);
        FaceTemplate portrait;
        try (FaceImage document = pipeline.decode(request.idImage())) {
            // A document photo: no capture checks, the largest face is the portrait.
            portrait = pipeline.template(document, pipeline.requireFace(document));
        }
        double score = selfie.template().similarity(portrait);
        double grade = grades.grade(config.idGrade(),
                IndexEntry.modelKey(portrait.modelName(), portrait.modelVersion()), DEFAULT_GRADE);
        GalleryMatch match = new GalleryMatch(TransactionKeys.next(), Instant.now(),
                decision(selfie.liveness(), score, grade), score, grade, Optional.empty(), Optional.empty(),
                selfie.liveness(), List.of());
        boolean save = request.saveImage();
        return matchStore.insert(tenant.id(), MatchStore.Kind.ID, match,
                save ? Optional.of(request.matchImage()) : Optional.empty(),
                save ? Optional.of(request.idImage()) : Optional.empty());
    }

    @Override
    public List<GalleryMatch> idMatches(ApiUser tenant, HistoryQuery query) {
        return matchStore.query(tenant.id(), MatchStore.Kind.ID, query);
    }

    @Override
    public Optional<byte[]> image(ApiUser tenant, String imageKey) {
        return gallery.image(tenant.id(), imageKey);
    }

    // ---- shared ----

    /** A selfie's template, with the capture checks and liveness when requested. */
    private record Probe(FaceTemplate template, Liveness liveness) {
    }

    /**
     * The probe with the tenant's model. If that model goes away while the request runs (a model bundle
     * removed during a roll-out), the request is answered with the model that now serves the tenant.
     */
    private Probe probeFor(ApiUser tenant, byte[] encoded, boolean liveness, boolean gateQuality) {
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

    /**
     * @param model       the embedding model ({@code name:version}); null for the embedder's preferred one
     * @param gateQuality refuse faces below the configured minimum quality (enrolment only)
     */
    private Probe probe(byte[] encoded, boolean liveness, String model, boolean gateQuality) {
        try (FaceImage image = pipeline.decode(encoded)) {
            FacePipeline.Located located = pipeline.locate(image);
            DetectedFace face = liveness ? FacePipeline.adequateFace(located) : FacePipeline.anyFace(located);
            if (gateQuality) {
                QualityGate.check(minQuality, pipeline.quality(image, face, located.faces()));
            }
            Liveness result = liveness ? Liveness.of(pipeline.liveness(image, face)) : Liveness.OFF;
            return new Probe(pipeline.template(image, face, model), result);
        }
    }

    private static void requireReference(String userReference) {
        if (userReference == null || userReference.isEmpty()) {
            throw new RequestRefusedException(Refusal.MISSING_PARAMETER);
        }
        if (userReference.length() > MAX_REFERENCE) {
            throw new RequestRefusedException(Refusal.PARAMETER_TOO_LONG, "user_reference", MAX_REFERENCE);
        }
    }

    private static void requireGroupName(String groupName) {
        if (groupName == null || groupName.isEmpty()) {
            throw new RequestRefusedException(Refusal.MISSING_PARAMETER);
        }
        if (groupName.length() > MAX_REFERENCE) {
            throw new RequestRefusedException(Refusal.PARAMETER_TOO_LONG, "group_name", MAX_REFERENCE);
        }
    }
}
