package io.visage.api.stage;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A stage that runs models says so: which kinds it runs and where each one's version is pinned. Tools (the
 * shell's visage:model-use and visage:model-list) find stages through this service, so another detector or
 * liveness bundle is managed the same way without the tools knowing its configuration.
 */
@ConsumerType
public interface ModelConsumer {
    List<ModelPin> pins();
}
