package io.visage.shell.internal;

import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.visage.api.model.ModelService;
import io.visage.api.stage.ModelPin;

@Command(scope = "visage", name = "model-list",
        description = "Model services: kind, name, version, ranking, bundle, whether it is the one in use "
                + "(preferred of its kind, or pinned with visage:model-use), and the ONNX thread settings.")
@Service
public class ModelList implements Action {
    @Reference
    BundleContext context;
    @Reference
    ConfigurationAdmin configurations;

    @Override
    public Object execute() throws Exception {
        Dictionary<String, Object> onnx = configurations.getConfiguration("io.visage.onnx", null).getProperties();
        String threads = "intra " + setting(onnx, "intra.op.threads") + ", inter " + setting(onnx, "inter.op.threads");
        ShellTable table = new ShellTable();
        table.column("Kind");
        table.column("Model");
        table.column("Ranking");
        table.column("Bundle");
        table.column("In use");
        Set<String> kindsSeen = new HashSet<>();
        List<ServiceReference<?>> models = Models.all(context);
        Set<String> kinds = new HashSet<>();
        models.forEach(ref -> kinds.add(String.valueOf(ref.getProperty(ModelService.KIND))));
        Map<String, ModelPin> pins = Models.pins(context, kinds);
        for (ServiceReference<?> ref : models) {
            String kind = String.valueOf(ref.getProperty(ModelService.KIND));
            String pinned = pinnedFilter(pins.get(kind));
            boolean inUse = pinned == null ? kindsSeen.add(kind) : matches(pinned, ref);
            table.addRow().addContent(kind, Models.key(ref), Models.ranking(ref),
                    ref.getBundle().getSymbolicName() + " " + ref.getBundle().getVersion(),
                    inUse ? (pinned == null ? "yes" : "yes (pinned)") : "no");
        }
        table.print(System.out);
        System.out.println("ONNX Runtime threads per session: " + threads);
        return null;
    }

    private static Object setting(Dictionary<String, Object> config, String key) {
        Object value = config == null ? null : config.get(key);
        return value == null ? "1 (default)" : value;
    }

    private String pinnedFilter(ModelPin pin) throws Exception {
        if (pin == null) {
            return null;
        }
        Configuration config = configurations.getConfiguration(pin.configurationPid(), null);
        Object filter = config.getProperties() == null ? null : config.getProperties().get(pin.filterProperty());
        return filter == null || !String.valueOf(filter).contains(ModelService.VERSION) ? null : String.valueOf(filter);
    }

    private boolean matches(String filter, ServiceReference<?> ref) throws Exception {
        return context.createFilter(filter).match(ref);
    }
}
