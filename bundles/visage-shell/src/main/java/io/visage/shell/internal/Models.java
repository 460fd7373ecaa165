package io.visage.shell.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The model services in the registry and which consumer configuration selects each kind. */
final class Models {
    static final String MODEL_SERVICE = "io.visage.api.model.ModelService";

    /** Kind to the consumer's configuration PID and the property holding its model filter. */
    static final Map<String, String[]> CONSUMERS = Map.of(
            "face-detector", new String[] {"io.visage.detection.fr", "model.target"},
            "face-landmarks", new String[] {"io.visage.landmarks.fr", "model.target"},
            "face-embedding", new String[] {"io.visage.embedding.fr", "model.target"},
            "liveness", new String[] {"io.visage.liveness.fr", "model.target"},
            "head-pose", new String[] {"io.visage.quality", "pose.target"},
            "eye-state", new String[] {"io.visage.quality", "eye.target"});

    private Models() {
    }

    /**
     * Model service references, per kind the preferred first: highest ranking (also when a configuration
     * tool set it as text), then the oldest service.
     */
    static List<ServiceReference<?>> all(BundleContext context) throws InvalidSyntaxException {
        ServiceReference<?>[] found = context.getServiceReferences(MODEL_SERVICE, null);
        List<ServiceReference<?>> models = new ArrayList<>(found == null ? List.of() : List.of(found));
        models.sort(Comparator.comparing((ServiceReference<?> r) -> String.valueOf(r.getProperty("visage.model.kind")))
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
        return ref.getProperty("visage.model.name") + ":" + ref.getProperty("visage.model.version");
    }

    static Object ranking(ServiceReference<?> ref) {
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        return ranking == null ? 0 : ranking;
    }
}
