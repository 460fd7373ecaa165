package io.visage.index.hnsw.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.visage.api.index.TemplateIndex;

/**
 * Publishes the HNSW index as a {@link TemplateIndex} with {@code visage.index.backend=hnsw}, ranked below the
 * exact index (ranking 0): the index switch (visage-index-switch) picks it up and uses it when the operator
 * chooses {@code visage:index-backend hnsw} or {@code auto}. Without the switch, raising the ranking makes the
 * gallery use it directly, e.g. {@code config:property-set -p io.visage.index.hnsw service.ranking 100}.
 *
 * <p>The service is registered here rather than by DS because the shell's {@code config:property-set}
 * stores text, and the framework orders services by an Integer {@code service.ranking} only (a text
 * ranking counts as 0, a tie the exact index would win). The configuration is read typed and the
 * registration carries an Integer; a ranking change updates it in place, so the gallery's greedy reference
 * moves to whichever index now ranks highest without this index closing.
 */
@Component(service = {}, immediate = true, configurationPid = HnswIndexComponent.PID)
@Designate(ocd = HnswIndexComponent.Config.class)
public final class HnswIndexComponent {

    static final String PID = "io.visage.index.hnsw";
    private static final Logger LOG = LoggerFactory.getLogger(HnswIndexComponent.class);

    @ObjectClassDefinition(name = "Visage HNSW index", description = "Approximate 1:N search on Lucene HNSW "
            + "graphs, persistent on disk. Search settings apply at once; graph settings on the next activation.")
    @interface Config {
        @AttributeDefinition(name = "Service ranking", description = "Matters only without the index switch "
                + "(visage-index-switch, ranking 1000, which chooses a backend per visage:index-backend): the gallery "
                + "uses the highest-ranked index; the exact index has 0.")
        int service_ranking() default -100;

        @AttributeDefinition(name = "Directory", description = "Where the index lives. Empty (default): "
                + "${karaf.data}/visage/index-hnsw.")
        String directory() default "";

        @AttributeDefinition(name = "Search candidates", description = "Templates the graph search collects "
                + "before exact re-scoring (HNSW ef): higher is slower and closer to exact. 2000 gave recall@5 0.99 "
                + "on 100k clustered 512-d templates (BENCHMARKS.md).")
        int searchCandidates() default 2000;

        @AttributeDefinition(name = "Re-scored candidates", description = "Of the search candidates, how many "
                + "(the best by their quantised graph score) are re-scored on their float vectors; more when they "
                + "hold fewer users than asked for. 0: all of them. Floats are read from disk (the page cache), "
                + "not kept in this process's memory.")
        int rescoreCandidates() default HnswSettings.RESCORE_DEFAULT;

        @AttributeDefinition(name = "Exact scan up to", description = "A tenant's model with at most this many "
                + "templates is searched exactly.")
        int exactScanMaxTemplates() default 2000;

        @AttributeDefinition(name = "Exact group scan up to", description = "A group filter of at most this many "
                + "users is answered by an exact scan of its members' templates.")
        int groupExactMaxUsers() default 10000;

        @AttributeDefinition(name = "Max connections", description = "HNSW neighbours per node (M; twice as "
                + "many on the bottom layer). 512-d templates need more than Lucene's 16 for a navigable graph.")
        int maxConnections() default 32;

        @AttributeDefinition(name = "Beam width", description = "Candidates kept while inserting a template.")
        int beamWidth() default 100;

        @AttributeDefinition(name = "Quantisation bits", description = "7 or 4: graphs are searched on int7/int4 "
                + "scalar-quantised vectors (results are re-scored on the floats); 0: on float vectors.")
        int quantizationBits() default 7;

        @AttributeDefinition(name = "Indexing buffer (MB)", description = "Heap for buffering new templates.")
        int ramBufferMb() default 256;

        @AttributeDefinition(name = "Commit interval (s)", description = "How often writes are made durable.")
        int commitIntervalSeconds() default 5;
    }

    private final HnswTemplateIndex index;
    private final ServiceRegistration<TemplateIndex> registration;

    @Activate
    public HnswIndexComponent(BundleContext context, Config config) {
        Path directory = config.directory().isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "visage", "index-hnsw")
                : Paths.get(config.directory());
        index = new HnswTemplateIndex(directory, settings(config));
        registration = context.registerService(TemplateIndex.class, index, properties(config));
        LOG.info("HNSW template index at {} registered with service.ranking {}; graph scores by {}", directory,
                config.service_ranking(), SimdVectorScorer.INSTANCE);
    }

    @Modified
    void modified(Config config) {
        index.updateSearchSettings(settings(config));
        registration.setProperties(properties(config));
        LOG.info("HNSW template index: service.ranking {}, {} search candidates, {} re-scored",
                config.service_ranking(), config.searchCandidates(), config.rescoreCandidates());
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it first
        }
        index.close();
    }

    private static HnswSettings settings(Config config) {
        return new HnswSettings(config.maxConnections(), config.beamWidth(), config.quantizationBits(),
                config.searchCandidates(), config.rescoreCandidates(), config.exactScanMaxTemplates(),
                config.groupExactMaxUsers(),
                config.ramBufferMb(), config.commitIntervalSeconds());
    }

    private static Dictionary<String, Object> properties(Config config) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, config.service_ranking());
        // the index switch (visage-index-switch) finds its backends by this property
        properties.put("visage.index.backend", "hnsw");
        return properties;
    }
}
