package io.visage.model.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;

/**
 * A model embedded in a bundle: a properties resource (also the component's service properties) describes it
 * and names the artifact with {@code visage.model.resource}. Both are read through the class loader of the
 * model bundle's own component class, so this works inside OSGi and on a plain class path alike.
 */
public final class EmbeddedModel implements ModelService {

    private static final String PREFIX = "visage.model.";
    private static final String THRESHOLD_PREFIX = PREFIX + "threshold.";

    private final Class<?> owner;
    private final String resource;
    private final ModelDescriptor descriptor;

    private EmbeddedModel(Class<?> owner, String resource, ModelDescriptor descriptor) {
        this.owner = owner;
        this.resource = resource;
        this.descriptor = descriptor;
    }

    /** Loads the metadata of the model embedded beside {@code owner}; fails when the artifact is missing. */
    public static EmbeddedModel of(Class<?> owner, String metadata) {
        Properties p = new Properties();
        try (InputStream in = resource(owner, metadata)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metadata + " of " + owner.getName(), e);
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(THRESHOLD_PREFIX)) {
                thresholds.put(key.substring(THRESHOLD_PREFIX.length()), Double.parseDouble(p.getProperty(key)));
            }
        }
        ModelDescriptor descriptor = new ModelDescriptor(
                required(p, ModelService.KIND), required(p, ModelService.NAME), required(p, ModelService.VERSION),
                required(p, ModelService.FORMAT), required(p, ModelService.SHA256),
                Integer.parseInt(required(p, PREFIX + "input.width")),
                Integer.parseInt(required(p, PREFIX + "input.height")),
                required(p, PREFIX + "colour"), numbers(required(p, PREFIX + "mean")),
                numbers(required(p, PREFIX + "std")), thresholds, p.getProperty(PREFIX + "source", ""));
        String resource = required(p, PREFIX + "resource");
        if (owner.getClassLoader().getResource(resource) == null) {
            throw new IllegalStateException("model artifact " + resource + " missing from " + owner.getName());
        }
        return new EmbeddedModel(owner, resource, descriptor);
    }

    @Override
    public ModelDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public InputStream openModel() throws IOException {
        return resource(owner, resource);
    }

    @Override
    public String toString() {
        return "EmbeddedModel[" + descriptor.id() + " " + descriptor.kind() + "]";
    }

    private static InputStream resource(Class<?> owner, String name) throws IOException {
        InputStream in = owner.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " not found beside " + owner.getName());
        }
        return in;
    }

    private static String required(Properties p, String key) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("model metadata lacks " + key);
        }
        return value.trim();
    }

    private static List<Double> numbers(String csv) {
        List<Double> values = new ArrayList<>();
        for (String s : csv.split(",")) {
            values.add(Double.parseDouble(s.trim()));
        }
        return values;
    }
}
