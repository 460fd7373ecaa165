package io.visage.api.storage;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.analysis.LivenessDetection;
import io.visage.api.history.HistoryQuery;

/** Stored liveness transactions, per tenant. */
@ProviderType
public interface LivenessStore {

    /** Stores the detection and, in the same transaction, the images (none when they are not to be saved). */
    void insert(long tenantId, LivenessDetection detection, List<byte[]> images);

    List<LivenessDetection> query(long tenantId, HistoryQuery query);
}
