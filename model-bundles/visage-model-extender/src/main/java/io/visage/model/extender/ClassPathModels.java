package io.visage.model.extender;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.Manifest;

/**
 * The models of the model jars on a class path, read from their {@value ModelHeader#NAME} headers as the extender
 * reads them in OSGi, for tools (evaluation, benchmarks) and tests that run without a framework.
 */
public final class ClassPathModels {

    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private ClassPathModels() {
    }

    /** Every model of every model jar visible to {@code loader}. */
    public static List<ResourceModel> all(ClassLoader loader) {
        List<ResourceModel> models = new ArrayList<>();
        try {
            for (URL manifestUrl : Collections.list(loader.getResources(MANIFEST))) {
                String header;
                try (InputStream in = manifestUrl.openStream()) {
                    header = new Manifest(in).getMainAttributes().getValue(ModelHeader.NAME);
                }
                if (header == null) {
                    continue;
                }
                String base = manifestUrl.toString();
                base = base.substring(0, base.length() - MANIFEST.length());
                for (ModelHeader.Entry entry : ModelHeader.parse(header)) {
                    models.add(new ResourceModel(entry.descriptor(), artifact(base, entry.resource()), entry.properties()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model jars on the class path: " + e.getMessage(), e);
        }
        return models;
    }

    /** The model named {@code name} (the highest version when jars of several are there). */
    public static ResourceModel get(String name) {
        ResourceModel found = null;
        for (ResourceModel model : all(ClassPathModels.class.getClassLoader())) {
            if (model.descriptor().name().equals(name) && (found == null
                    || model.descriptor().version().compareTo(found.descriptor().version()) > 0)) {
                found = model;
            }
        }
        if (found == null) {
            throw new IllegalStateException("no model jar of " + name + " on the class path");
        }
        return found;
    }

    private static URL artifact(String base, String resource) throws IOException {
        URL url;
        try {
            url = new URL(base + (resource.startsWith("/") ? resource.substring(1) : resource));
        } catch (MalformedURLException e) {
            throw new IOException("bad model resource " + resource + " in " + base, e);
        }
        try (InputStream probe = url.openStream()) {
            return url;
        } catch (IOException e) {
            throw new IOException("model artifact " + resource + " missing from " + base, e);
        }
    }
}
