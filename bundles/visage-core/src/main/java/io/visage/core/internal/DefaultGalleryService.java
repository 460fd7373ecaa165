package io.visage.core.internal;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.gallery.EnrolmentRequest;
import io.visage.api.gallery.EnrolmentResult;
import io.visage.api.gallery.GalleryMatch;
import io.visage.api.gallery.GalleryService;
import io.visage.api.gallery.GalleryUser;
import io.visage.api.gallery.IdMatchRequest;
import io.visage.api.gallery.MatchRequest;
import io.visage.api.gallery.UserLog;
import io.visage.api.gallery.UserQuery;
import io.visage.api.history.HistoryQuery;
import io.visage.api.storage.EmbeddingStore;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.GroupStore;
import io.visage.api.storage.MatchStore;
import io.visage.api.tenant.ApiUser;

/**
 * The gallery use cases as one service: users ({@link Enrolment}), groups ({@link Groups}) and matching
 * ({@link Matching}), over the template index that {@link GalleryIndex} keeps in step with storage. This
 * class only wires them and holds the configuration; templates are only ever compared with templates of the
 * same embedding model, and the names of users and groups follow {@link GalleryNames} everywhere.
 */
@Component(service = GalleryService.class, configurationPid = DefaultGalleryService.PID)
@Designate(ocd = DefaultGalleryService.Config.class)
public final class DefaultGalleryService implements GalleryService {
    static final String PID = "io.visage.core.matching";
    private static final Logger LOG = LoggerFactory.getLogger(DefaultGalleryService.class);

    @ObjectClassDefinition(name = "Visage matching", description = "Decision thresholds (saffe_grade).")
    @interface Config {
        @AttributeDefinition(name = "Gallery grade", description = "Cosine similarity at or above which a gallery "
                + "match is a match. 0 or less (default): the embedding model's calibrated threshold at the "
                + "false match rate gradeFmr, from its metadata (fr_feature at 1e-3: 0.339, ACCURACY.md); each model "
                + "scores on its own scale.")
        double galleryGrade() default 0;

        @AttributeDefinition(name = "ID grade", description = "The same for selfie vs ID document portraits.")
        double idGrade() default 0;

        @AttributeDefinition(name = "Default grade's false match rate", description = "Where a grade of 0 sets "
                + "saffe_grade: the embedding model's threshold at this false match rate, measured on LFW's "
                + "impostor pairs (1e-2 to 1e-6, ACCURACY.md).")
        String gradeFmr() default EmbeddingModels.DEFAULT_FMR;

        @AttributeDefinition(name = "Maximum top_n", description = "Largest ranking a 1:N request may ask for.")
        int maxTopN() default 100;

        @AttributeDefinition(name = "Minimum enrolment quality", description = "Optional quality gate on "
                + "registration and update, e.g. sharpness=0.5,eyes_open=0.5,head_pose_yaw=30: measure=minimum "
                + "(ISO/IEC 29794-5 names, see QUALITY.md); for head_pose_* the value is the largest |angle| in "
                + "degrees. Empty (default): no gate.")
        String minQuality() default "";
    }

    /** Replaced as a whole on a configuration change, without re-activation (requests keep flowing). */
    private volatile GallerySettings settings;
    /** Where a request's liveness check runs beside its template. */
    private final SpareCores spareCores = new SpareCores();
    private final Enrolment enrolment;
    private final Groups groups;
    private final Matching matching;

    @Activate
    public DefaultGalleryService(Config config, @Reference FacePipeline pipeline, @Reference GalleryStore gallery,
            @Reference GroupStore groupStore, @Reference MatchStore matches, @Reference TemplateProtection protection,
            @Reference EmbeddingStore embedding, @Reference EmbeddingModels grades, @Reference GalleryIndex index) {
        this(settings(config), pipeline, gallery, groupStore, matches, protection::protect, embedding, grades, index);
    }

    /** For tests: the use cases over the given collaborators. */
    DefaultGalleryService(GallerySettings settings, FacePipeline pipeline, GalleryStore gallery,
            GroupStore groupStore, MatchStore matches, Enrolment.Protection protection, EmbeddingStore embedding,
            EmbeddingModels grades, GalleryIndex index) {
        this.settings = settings;
        Probes probes = new Probes(pipeline, embedding, () -> this.settings, spareCores);
        this.enrolment = new Enrolment(gallery, embedding, index, probes, protection);
        this.groups = new Groups(groupStore, gallery, index);
        this.matching = new Matching(gallery, groups, matches, index, probes, pipeline, grades, () -> this.settings);
    }

    private static GallerySettings settings(Config config) {
        return new GallerySettings(config.galleryGrade(), config.idGrade(), config.maxTopN(),
                QualityGate.parse(config.minQuality()));
    }

    @Deactivate
    void stop() {
        spareCores.close();
    }

    /** New thresholds or quality gate apply to the next request; no re-activation, no gap in service. */
    @Modified
    void modified(Config changed) {
        GallerySettings now = settings(changed);
        this.settings = now;
        LOG.info("Matching configuration changed: grades {} / {}, max top_n {}, quality gate {}",
                now.galleryGrade(), now.idGrade(), now.maxTopN(), now.minQuality().isEmpty() ? "off" : now.minQuality());
    }

    @Override
    public List<GalleryUser> queryUsers(ApiUser tenant, UserQuery query) {
        return enrolment.queryUsers(tenant, query);
    }

    @Override
    public EnrolmentResult register(ApiUser tenant, EnrolmentRequest request) {
        return enrolment.register(tenant, request);
    }

    @Override
    public EnrolmentResult update(ApiUser tenant, EnrolmentRequest request) {
        return enrolment.update(tenant, request);
    }

    @Override
    public void delete(ApiUser tenant, String userReference) {
        enrolment.delete(tenant, userReference);
    }

    @Override
    public List<UserLog> userLogs(ApiUser tenant, HistoryQuery query) {
        return enrolment.userLogs(tenant, query);
    }

    @Override
    public Optional<byte[]> image(ApiUser tenant, String imageKey) {
        return enrolment.image(tenant, imageKey);
    }

    @Override
    public void createGroup(ApiUser tenant, String groupName) {
        groups.create(tenant, groupName);
    }

    @Override
    public List<String> groups(ApiUser tenant) {
        return groups.names(tenant);
    }

    @Override
    public void deleteGroup(ApiUser tenant, String groupName) {
        groups.delete(tenant, groupName);
    }

    @Override
    public void addToGroup(ApiUser tenant, String groupName, String userReference) {
        groups.add(tenant, groupName, userReference);
    }

    @Override
    public void removeFromGroup(ApiUser tenant, String groupName, String userReference) {
        groups.remove(tenant, groupName, userReference);
    }

    @Override
    public Map<String, List<String>> memberships(ApiUser tenant) {
        return groups.memberships(tenant);
    }

    @Override
    public GalleryMatch match(ApiUser tenant, MatchRequest request) {
        return matching.match(tenant, request);
    }

    @Override
    public List<GalleryMatch> matches(ApiUser tenant, HistoryQuery query) {
        return matching.matches(tenant, query);
    }

    @Override
    public GalleryMatch idMatch(ApiUser tenant, IdMatchRequest request) {
        return matching.idMatch(tenant, request);
    }

    @Override
    public List<GalleryMatch> idMatches(ApiUser tenant, HistoryQuery query) {
        return matching.idMatches(tenant, query);
    }
}
