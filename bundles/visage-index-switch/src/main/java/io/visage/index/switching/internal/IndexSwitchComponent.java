package io.visage.index.switching.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexEntry;
import io.visage.api.index.IndexStats;
import io.visage.api.index.IndexSwitch;
import io.visage.api.index.TemplateIndex;
import io.visage.api.index.UserMatch;
import io.visage.api.storage.GalleryStore;
import io.visage.api.storage.GroupStore;
import io.visage.api.storage.StoredFace;
import io.visage.metrics.MetricsService;

/**
 * Publishes the {@link SwitchingTemplateIndex} as the {@link TemplateIndex} the gallery uses (it outranks the
 * backends, which stay registered: should the switch go away, the gallery falls back to the exact index) and as
 * the operator's {@link IndexSwitch}. A mode chosen with {@link #select} is written to this component's
 * configuration, so it survives a restart.
 */
@Component(service = {TemplateIndex.class, IndexSwitch.class}, configurationPid = IndexSwitchComponent.PID,
        property = {"service.ranking:Integer=1000", "visage.index.backend=switch"})
@Designate(ocd = IndexSwitchComponent.Config.class)
public final class IndexSwitchComponent implements TemplateIndex, IndexSwitch {

    static final String PID = "io.visage.index.switch";
    private static final Logger LOG = LoggerFactory.getLogger(IndexSwitchComponent.class);

    @ObjectClassDefinition(name = "Visage index switch", description = "Which template index answers 1:N searches.")
    @interface Config {
        @AttributeDefinition(name = "Mode", description = "exact, hnsw (the approximate index, when installed), or "
                + "auto: exact for tenants below the threshold, approximate from there.")
        String mode() default "exact";

        @AttributeDefinition(name = "Auto threshold", description = "Templates of a tenant from which auto searches "
                + "it approximately. At 100k x 512-d the exact index answers faster than HNSW at recall 0.99 "
                + "(BENCHMARKS.md), hence a million.")
        long auto_threshold() default 1_000_000;
    }

    private final SwitchingTemplateIndex index;
    private volatile GalleryStore gallery;
    private volatile GroupStore groups;
    private volatile ConfigurationAdmin configurations;

    @Activate
    public IndexSwitchComponent(Config config,
            @Reference(target = "(visage.index.backend=exact)") TemplateIndex exactIndex) {
        index = new SwitchingTemplateIndex(exactIndex, this::readStorage, config.mode(), config.auto_threshold());
        LOG.info("Index switch active: mode {}, auto threshold {}", index.mode(), index.autoThreshold());
    }

    @Modified
    void modified(Config config) {
        index.setAutoThreshold(config.auto_threshold());
        index.select(config.mode());
    }

    @Deactivate
    void deactivate() {
        index.close();
    }

    @Reference(target = "(visage.index.backend=hnsw)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindApproximate(TemplateIndex approximate) {
        index.approximateAppeared(approximate);
    }

    void unbindApproximate(TemplateIndex approximate) {
        index.approximateGone(approximate);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindGallery(GalleryStore store) {
        gallery = store;
    }

    void unbindGallery(GalleryStore store) {
        if (gallery == store) {
            gallery = null;
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindGroups(GroupStore store) {
        groups = store;
    }

    void unbindGroups(GroupStore store) {
        if (groups == store) {
            groups = null;
        }
    }

    /** The platform's metrics, when installed: each 1:N search's time per backend (GET /metrics). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(MetricsService metrics) {
        index.reportSearchTimes(metrics::indexSearched);
    }

    void unbindMetrics(MetricsService metrics) {
        index.reportSearchTimes(null);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindConfigurations(ConfigurationAdmin admin) {
        configurations = admin;
    }

    void unbindConfigurations(ConfigurationAdmin admin) {
        if (configurations == admin) {
            configurations = null;
        }
    }

    /** What a background build reads: every stored face, a page at a time, and every membership. */
    private SwitchingTemplateIndex.Source readStorage() {
        GalleryStore faces = gallery;
        GroupStore links = groups;
        if (faces == null || links == null) {
            throw new IllegalStateException("storage is not available");
        }
        List<GroupMembership> memberships = links.allMemberships();
        return new SwitchingTemplateIndex.Source() {
            @Override
            public Stream<IndexEntry> templateStream() {
                return faces.facesInPages(GalleryStore.INDEX_BUILD_PAGE).map(StoredFace::indexEntry);
            }

            @Override
            public List<GroupMembership> memberships() {
                return memberships;
            }

            @Override
            public long templateCount() {
                return -1; // the answering backend's count stands for it
            }
        };
    }

    // ---- IndexSwitch

    @Override
    public String mode() {
        return index.mode();
    }

    @Override
    public long autoThreshold() {
        return index.autoThreshold();
    }

    @Override
    public void select(String mode) {
        index.select(mode);
        persist("mode", index.mode());
    }

    @Override
    public List<Backend> backends() {
        return index.backends();
    }

    private void persist(String key, Object value) {
        ConfigurationAdmin admin = configurations;
        if (admin == null) {
            LOG.warn("No configuration admin: index {} {} is not kept over a restart", key, value);
            return;
        }
        try {
            Configuration configuration = admin.getConfiguration(PID, "?");
            Dictionary<String, Object> properties = configuration.getProperties();
            if (properties == null) {
                properties = new Hashtable<>();
            }
            if (!value.equals(properties.get(key))) {
                properties.put(key, value);
                configuration.update(properties);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Index {} {} could not be stored in configuration {}", key, value, PID, e);
        }
    }

    // ---- TemplateIndex: delegated

    @Override
    public void add(IndexEntry entry) {
        index.add(entry);
    }

    @Override
    public boolean remove(long tenantId, long templateId) {
        return index.remove(tenantId, templateId);
    }

    @Override
    public int removeUser(long tenantId, String userReference) {
        return index.removeUser(tenantId, userReference);
    }

    @Override
    public void setGroups(long tenantId, String userReference, Set<String> groupNames) {
        index.setGroups(tenantId, userReference, groupNames);
    }

    @Override
    public boolean addToGroup(long tenantId, String userReference, String groupName) {
        return index.addToGroup(tenantId, userReference, groupName);
    }

    @Override
    public boolean removeFromGroup(long tenantId, String userReference, String groupName) {
        return index.removeFromGroup(tenantId, userReference, groupName);
    }

    @Override
    public void removeGroup(long tenantId, String groupName) {
        index.removeGroup(tenantId, groupName);
    }

    @Override
    public Set<String> groupsOf(long tenantId, String userReference) {
        return index.groupsOf(tenantId, userReference);
    }

    @Override
    public List<UserMatch> search(long tenantId, String modelKey, float[] query, int topN, Set<String> groupNames) {
        return index.search(tenantId, modelKey, query, topN, groupNames);
    }

    @Override
    public java.util.Optional<UserMatch> score(long tenantId, String modelKey, String userReference, float[] query) {
        return index.score(tenantId, modelKey, userReference, query);
    }

    @Override
    public boolean hasTemplates(long tenantId, String modelKey) {
        return index.hasTemplates(tenantId, modelKey);
    }

    @Override
    public IndexStats stats() {
        return index.stats();
    }

    @Override
    public IndexStats stats(long tenantId) {
        return index.stats(tenantId);
    }

    @Override
    public void clear(long tenantId) {
        index.clear(tenantId);
    }

    @Override
    public void clear() {
        index.clear();
    }

    @Override
    public void rebuild(Stream<IndexEntry> templates, Stream<GroupMembership> memberships) {
        index.rebuild(templates, memberships);
    }

    @Override
    public OptionalLong checksum() {
        return index.checksum();
    }

    @Override
    public OptionalLong resume() {
        return index.resume();
    }
}
