package io.visage.model.extender.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

import io.visage.model.extender.ModelHeader;

/**
 * The extender of model bundles. For every active bundle with a {@value ModelHeader#NAME} header it registers one
 * {@link io.visage.api.model.ModelService} per model, in that bundle's name (so the model bundle is the service's
 * owner, and stopping or uninstalling it unregisters them), and takes them back when the bundle stops. A header it
 * cannot read is logged and the bundle left alone.
 */
public final class ModelExtender implements BundleActivator, BundleTrackerCustomizer<List<RegisteredModel>> {

    private static final System.Logger LOG = System.getLogger(ModelExtender.class.getName());

    private BundleContext context;
    private BundleTracker<List<RegisteredModel>> tracker;

    @Override
    public void start(BundleContext context) {
        this.context = context;
        tracker = new BundleTracker<>(context, Bundle.ACTIVE, this);
        tracker.open();
    }

    @Override
    public void stop(BundleContext context) {
        tracker.close();
    }

    @Override
    public List<RegisteredModel> addingBundle(Bundle bundle, BundleEvent event) {
        String header = bundle.getHeaders("").get(ModelHeader.NAME);
        if (header == null) {
            return null;
        }
        List<ModelHeader.Entry> entries;
        try {
            entries = ModelHeader.parse(header);
        } catch (IllegalArgumentException e) {
            LOG.log(Level.ERROR, "model bundle " + bundle.getSymbolicName() + " " + bundle.getVersion()
                    + " not registered: " + e.getMessage());
            return null;
        }
        List<RegisteredModel> registered = new ArrayList<>();
        for (ModelHeader.Entry entry : entries) {
            if (bundle.getEntry(entry.resource()) == null) {
                LOG.log(Level.ERROR, "model " + entry.descriptor().id() + " of bundle " + bundle.getSymbolicName()
                        + " not registered: its artifact " + entry.resource() + " is missing");
                continue;
            }
            registered.add(RegisteredModel.open(context, bundle, entry));
        }
        return registered;
    }

    @Override
    public void modifiedBundle(Bundle bundle, BundleEvent event, List<RegisteredModel> models) {
        // Nothing changes while the bundle stays active.
    }

    @Override
    public void removedBundle(Bundle bundle, BundleEvent event, List<RegisteredModel> models) {
        models.forEach(RegisteredModel::close);
    }
}
