package io.visage.api.index;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The operator's choice of index backend, published by a {@link TemplateIndex} that fronts several backends.
 * Choosing a backend builds it in the background from storage while the current one keeps answering; the
 * switch is atomic once the new backend holds everything.
 */
@ProviderType
public interface IndexSwitch {

    /** Modes: {@code exact}, {@code hnsw}, or {@code auto} (exact below {@link #autoThreshold()} templates per tenant). */
    List<String> MODES = List.of("exact", "hnsw", "auto");

    /** The mode in force (the one last chosen, even while its backend is still being built). */
    String mode();

    /** A tenant whose gallery holds at least this many templates is searched approximately in {@code auto}. */
    long autoThreshold();

    /**
     * Chooses a mode; returns at once, the build (if any) goes on in the background.
     *
     * @throws IllegalArgumentException when the mode is unknown
     */
    void select(String mode);

    /** Every backend the switch knows of, installed or not. */
    List<Backend> backends();

    /**
     * One backend as the switch sees it.
     *
     * @param name      {@code exact} or {@code hnsw}
     * @param state     {@code absent} (not installed), {@code idle} (not kept up to date), {@code building},
     *                  {@code ready} (kept up to date with every write) or {@code serving} (ready, and answers
     *                  searches of at least one tenant)
     * @param done      templates written so far by a build in progress, else the templates it holds
     * @param total     templates the build in progress has to write, else the templates it holds
     * @param lastError      why the last build failed, or empty
     * @param implementation the class of the backend's service object, or empty when absent
     */
    record Backend(String name, String state, long done, long total, String lastError, String implementation) {
    }
}
