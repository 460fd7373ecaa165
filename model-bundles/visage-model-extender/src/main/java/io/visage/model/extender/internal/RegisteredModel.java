package io.visage.model.extender.internal;

import java.lang.System.Logger.Level;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedService;

import io.visage.api.model.ModelService;
import io.visage.model.extender.ModelHeader;
import io.visage.model.extender.ResourceModel;

/**
 * One model of a model bundle, registered. Its {@code service.ranking} is the header's unless configuration
 * {@code io.visage.model.NAME} sets one; the model service appears once Configuration Admin has said which (as a
 * DS component with a configuration would), and a new ranking is applied to the registered service in place, so
 * consumers see a modified service, not a new one.
 */
final class RegisteredModel implements ManagedService {

    private static final System.Logger LOG = System.getLogger(RegisteredModel.class.getName());

    private final Bundle bundle;
    private final ModelHeader.Entry entry;
    private final ResourceModel model;
    private ServiceRegistration<ManagedService> configuration;
    private ServiceRegistration<ModelService> registration;
    private Integer ranking;
    private boolean closed;

    private RegisteredModel(Bundle bundle, ModelHeader.Entry entry) {
        this.bundle = bundle;
        this.entry = entry;
        this.model = new ResourceModel(entry.descriptor(), bundle.getEntry(entry.resource()), entry.properties());
    }

    /**
     * Listens to the model's configuration (as the extender: every version of a model shares it); the model
     * service follows in {@link #updated}.
     */
    static RegisteredModel open(BundleContext extender, Bundle bundle, ModelHeader.Entry entry) {
        RegisteredModel registered = new RegisteredModel(bundle, entry);
        Dictionary<String, Object> pid = new Hashtable<>();
        pid.put(Constants.SERVICE_PID, entry.configurationPid());
        ServiceRegistration<ManagedService> configuration =
                extender.registerService(ManagedService.class, registered, pid);
        synchronized (registered) {
            registered.configuration = configuration;
        }
        return registered;
    }

    @Override
    public void updated(Dictionary<String, ?> properties) {
        int wanted = ranking(properties == null ? null : properties.get(Constants.SERVICE_RANKING), entry.ranking());
        synchronized (this) {
            if (closed || (ranking != null && ranking == wanted)) {
                return;
            }
            ranking = wanted;
            try {
                if (registration == null) {
                    registration = bundle.getBundleContext().registerService(ModelService.class, model,
                            serviceProperties(wanted));
                    LOG.log(Level.INFO, "model " + entry.descriptor().id() + " (" + entry.descriptor().kind()
                            + ") of bundle " + bundle.getSymbolicName() + " " + bundle.getVersion()
                            + " registered, ranking " + wanted);
                } else {
                    registration.setProperties(serviceProperties(wanted));
                    LOG.log(Level.INFO, "model " + entry.descriptor().id() + " now ranked " + wanted);
                }
            } catch (IllegalStateException e) {
                // The bundle stopped meanwhile; its services went with it.
                LOG.log(Level.DEBUG, "model bundle " + bundle.getSymbolicName() + " went away", e);
            }
        }
    }

    /** Unregisters the model service and stops listening to its configuration. */
    synchronized void close() {
        closed = true;
        unregister(registration);
        unregister(configuration);
        registration = null;
        configuration = null;
    }

    private Dictionary<String, Object> serviceProperties(int ranking) {
        Dictionary<String, Object> properties = new Hashtable<>();
        for (Map.Entry<String, Object> p : entry.properties().entrySet()) {
            properties.put(p.getKey(), p.getValue());
        }
        properties.put(Constants.SERVICE_RANKING, ranking);
        properties.put(Constants.SERVICE_DESCRIPTION, "Visage model " + entry.descriptor().id());
        return properties;
    }

    /** A configured ranking, text included (configuration tools may write it as text); else the default. */
    static int ranking(Object configured, int fallback) {
        if (configured instanceof Number n) {
            return n.intValue();
        }
        if (configured != null) {
            try {
                return Integer.parseInt(configured.toString().trim());
            } catch (NumberFormatException e) {
                LOG.log(Level.WARNING, "service.ranking " + configured + " is not a number; using " + fallback);
            }
        }
        return fallback;
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException e) {
                // Already gone with its bundle.
            }
        }
    }
}
