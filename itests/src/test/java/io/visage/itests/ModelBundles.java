package io.visage.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.Version;

/**
 * Builds "a new version of a model bundle" the way an integrator would ship one: the installed bundle
 * repackaged with the same symbolic name, a higher Bundle-Version, and in its Visage-Model header a higher
 * ranking and a new model version (plus any other metadata changes a test needs, keys as the service properties
 * name them, e.g. {@code visage.model.colour}).
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
        // A model bundle is data: its metadata and default ranking are its Visage-Model manifest header.
        String header = main.getValue("Visage-Model");
        if (header == null) {
            throw new AssertionError("the model bundle's layout changed: no Visage-Model header");
        }
        String edited = attribute(header, "version", modelVersion);
        edited = attribute(edited, "ranking", String.valueOf(ranking));
        for (Map.Entry<String, String> edit : metadataEdits.entrySet()) {
            edited = attribute(edited, edit.getKey().replaceFirst("^visage\\.model\\.", ""), edit.getValue());
        }
        main.putValue("Visage-Model", edited);
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            Enumeration<URL> entries = original.findEntries("/", "*", true);
            for (URL url : Collections.list(entries)) {
                String name = url.getPath().substring(1);
                if (name.isEmpty() || name.endsWith("/") || name.equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                try (InputStream in = url.openStream()) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The header with attribute {@code name} of its model set to {@code value}; fails when it has none. */
    private static String attribute(String header, String name, String value) {
        Matcher m = Pattern.compile("(;" + Pattern.quote(name) + "=)(\"[^\"]*\"|[^;,]*)").matcher(header);
        if (!m.find()) {
            throw new AssertionError("the model bundle's layout changed: no " + name + " in its Visage-Model header");
        }
        return header.substring(0, m.start()) + m.group(1) + "\"" + value + "\"" + header.substring(m.end());
    }
}
