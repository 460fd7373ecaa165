package io.visage.shell.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import io.visage.api.model.ModelService;
import io.visage.api.stage.ModelConsumer;
import io.visage.api.stage.ModelPin;

/** The model services in the registry, and the stages that run them (they say where their pins live). */
final class Models {
    static final String MODEL_SERVICE = "io.visage.api.model.ModelService";

    static final long RECONFIGURATION_WAIT_MILLIS = 3000;

    private Models() {
    }

    /**
     * As {@link #pins(BundleContext)}, waiting up to {@link #RECONFIGURATION_WAIT_MILLIS} for stages of the given
     * kinds: a stage whose configuration just changed (a pin set a moment ago) is re-activated, and its service is
     * away for that moment.
     */
    static Map<String, ModelPin> pins(BundleContext context, Set<String> kinds) throws InvalidSyntaxException {
        long deadline = System.currentTimeMillis() + RECONFIGURATION_WAIT_MILLIS;
        Map<String, ModelPin> pins = pins(context);
        while (!pins.keySet().containsAll(kinds) && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pins = pins(context);
        }
        return pins;
    }

    /** Kind to where the stage running it pins its model, from every registered {@link ModelConsumer}. */
    static Map<String, ModelPin> pins(BundleContext context) throws InvalidSyntaxException {
        Map<String, ModelPin> pins = new TreeMap<>();
        for (ServiceReference<ModelConsumer> ref : context.getServiceReferences(ModelConsumer.class, null)) {
            ModelConsumer consumer = context.getService(ref);
            if (consumer != null) {
                try {
                    consumer.pins().forEach(pin -> pins.putIfAbsent(pin.kind(), pin));
                } finally {
                    context.ungetService(ref);
                }
            }
        }
        return pins;
    }

    /**
     * Model service references, per kind the preferred first: highest ranking (also when a configuration
     * tool set it as text), then the oldest service.
     */
    static List<ServiceReference<?>> all(BundleContext context) throws InvalidSyntaxException {
        ServiceReference<?>[] found = context.getServiceReferences(MODEL_SERVICE, null);
        List<ServiceReference<?>> models = new ArrayList<>(found == null ? List.of() : List.of(found));
        models.sort(Comparator.comparing((ServiceReference<?> r) -> String.valueOf(r.getProperty(ModelService.KIND)))
                .thenComparing(Comparator.comparingInt(Models::rankingValue).reversed())
                .thenComparingLong(r -> (Long) r.getProperty(Constants.SERVICE_ID)));
        return models;
    }

    static int rankingValue(ServiceReference<?> ref) {
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        try {
            return ranking instanceof Number ? ((Number) ranking).intValue()
                    : ranking == null ? 0 : Integer.parseInt(ranking.toString().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String key(ServiceReference<?> ref) {
        return ref.getProperty(ModelService.NAME) + ":" + ref.getProperty(ModelService.VERSION);
    }

    static Object ranking(ServiceReference<?> ref) {
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        return ranking == null ? 0 : ranking;
    }
}
