package io.visage.shell.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.visage.api.model.ModelService;
import io.visage.api.stage.ModelPin;

@Command(scope = "visage", name = "model-use",
        description = "Pins the model a kind of stage uses (name:version), or 'auto' to follow the highest "
                + "service ranking again. Takes effect at once; a new embedding model triggers re-embedding.")
@Service
public class ModelUse implements Action {
    @Reference
    BundleContext context;
    @Reference
    ConfigurationAdmin configurations;

    @Argument(index = 0, name = "kind", required = true,
            description = "face-detector, face-landmarks, face-embedding, liveness, head-pose or eye-state")
    @Completion(ModelKindCompleter.class)
    String kind;

    @Argument(index = 1, name = "model", required = true, description = "name:version, or auto")
    @Completion(ModelKeyCompleter.class)
    String model;

    @Override
    public Object execute() throws Exception {
        Map<String, ModelPin> pins = Models.pins(context, Set.of(kind));
        ModelPin pin = pins.get(kind);
        if (pin == null) {
            System.err.println("Error: no running stage uses models of kind " + kind + "; kinds are " + pins.keySet());
            return null;
        }
        Configuration config = configurations.getConfiguration(pin.configurationPid(), null);
        Dictionary<String, Object> properties = config.getProperties() == null ? new Hashtable<>() : config.getProperties();
        String kindFilter = "(" + ModelService.KIND + "=" + kind + ")";
        if ("auto".equals(model)) {
            properties.remove(pin.filterProperty());
            config.update(properties);
            System.out.println(kind + " follows the highest-ranked model again.");
            return null;
        }
        String[] nameVersion = model.split(":", 2);
        boolean exists = false;
        for (ServiceReference<?> ref : Models.all(context)) {
            exists |= kind.equals(ref.getProperty(ModelService.KIND)) && model.equals(Models.key(ref));
        }
        if (nameVersion.length != 2 || !exists) {
            System.err.println("Error: no " + kind + " model " + model + " is installed (see visage:model-list)");
            return null;
        }
        properties.put(pin.filterProperty(), "(&" + kindFilter + "(" + ModelService.NAME + "=" + nameVersion[0]
                + ")(" + ModelService.VERSION + "=" + nameVersion[1] + "))");
        config.update(properties);
        System.out.println(kind + " now uses " + model + ".");
        return null;
    }
}
