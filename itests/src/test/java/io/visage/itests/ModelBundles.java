package io.visage.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/**
 * Builds "a new version of a model bundle" the way an integrator would ship one: the installed bundle
 * repackaged with the same symbolic name, a higher Bundle-Version, a higher service.ranking and a new model
 * version in its metadata (plus any other metadata changes a test needs).
 */
final class ModelBundles {
    private ModelBundles() {
    }

    /**
     * @param qualifier      the Bundle-Version qualifier of the replacement, e.g. {@code itest2}
     * @param modelVersion   the model version the replacement declares
     * @param metadataEdits  further metadata properties to set (key to value)
     */
    static Path repackage(Bundle original, String qualifier, String modelVersion, int ranking,
            Map<String, String> metadataEdits) throws IOException {
        Path dir = Paths.get(System.getProperty("karaf.data"), "tmp", "itest-models");
        Files.createDirectories(dir);
        Path jar = dir.resolve(original.getSymbolicName() + "-" + qualifier + ".jar");
        Manifest manifest;
        try (InputStream in = original.getEntry("META-INF/MANIFEST.MF").openStream()) {
            manifest = new Manifest(in);
        }
        Attributes main = manifest.getMainAttributes();
        Version version = original.getVersion();
        main.putValue("Bundle-Version",
                new Version(version.getMajor(), version.getMinor(), version.getMicro(), qualifier).toString());
        main.putValue("Bundle-Name", original.getSymbolicName() + " " + modelVersion + " (itest replacement)");
        boolean ranked = false;
        boolean versioned = false;
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            Enumeration<URL> entries = original.findEntries("/", "*", true);
            for (URL url : Collections.list(entries)) {
                String name = url.getPath().substring(1);
                if (name.isEmpty() || name.endsWith("/") || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                byte[] content;
                try (InputStream in = url.openStream()) {
                    content = in.readAllBytes();
                }
                if (name.startsWith("OSGI-INF/") && name.endsWith(".xml") && !name.contains("metatype")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    String changed = xml.replaceAll("(name=\"service.ranking\" type=\"Integer\" value=)\"-?\\d+\"",
                            "$1\"" + ranking + "\"");
                    ranked |= !changed.equals(xml);
                    content = changed.getBytes(StandardCharsets.UTF_8);
                } else if (name.startsWith("OSGI-INF/") && name.endsWith(".properties")) {
                    String properties = new String(content, StandardCharsets.ISO_8859_1)
                            .replaceAll("(?m)^visage\\.model\\.version=.*$", "visage.model.version=" + modelVersion);
                    for (Map.Entry<String, String> edit : metadataEdits.entrySet()) {
                        properties = properties.replaceAll("(?m)^" + edit.getKey().replace(".", "\\.") + "=.*$",
                                edit.getKey() + "=" + edit.getValue());
                    }
                    versioned |= properties.contains("visage.model.version=" + modelVersion);
                    content = properties.getBytes(StandardCharsets.ISO_8859_1);
                }
                out.putNextEntry(new JarEntry(name));
                out.write(content);
                out.closeEntry();
            }
        }
        if (!ranked || !versioned) {
            throw new AssertionError("the model bundle's layout changed: ranking " + ranked + ", version " + versioned);
        }
        return jar;
    }
}
