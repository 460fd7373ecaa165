package io.visage.index.switching.internal;

import java.util.List;
import java.util.stream.Stream;

import io.visage.api.index.GroupMembership;
import io.visage.api.index.IndexChecksum;
import io.visage.api.index.IndexEntry;

/** Storage content held in memory, for the tests' stand-ins for storage. */
record HeldContent(List<IndexEntry> templates, List<GroupMembership> memberships)
        implements SwitchingTemplateIndex.Source {

    @Override
    public Stream<IndexEntry> templateStream() {
        return templates.stream();
    }

    @Override
    public long templateCount() {
        return templates.size();
    }

    /** The checksum the backends' {@code TemplateIndex.checksum()} would have for this content. */
    long checksum() {
        long sum = 0;
        for (IndexEntry entry : templates) {
            sum += IndexChecksum.of(entry);
        }
        for (GroupMembership link : memberships) {
            sum += IndexChecksum.of(link);
        }
        return sum;
    }
}
