package io.visage.model.extender;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class ClassPathModelsTest {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    /** A model jar as the build makes one: the artifact and the header, nothing else. */
    private Path modelJar(String header, String resource, byte[] artifact) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(ModelHeader.NAME, header);
        Path jar = folder.newFile().toPath();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry(resource));
            out.write(artifact);
            out.closeEntry();
        }
        return jar;
    }

    @Test
    public void readsTheModelOfAJarOnTheClassPath() throws Exception {
        byte[] artifact = "not really onnx".getBytes(StandardCharsets.UTF_8);
        Path jar = modelJar(ModelHeaderTest.DETECT, "model/fr_detect.onnx", artifact);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<ResourceModel> models = ClassPathModels.all(loader);
            assertEquals(1, models.size());
            assertEquals("fr_detect:0.0.1", models.get(0).descriptor().id());
            assertArrayEquals(artifact, models.get(0).readModel());
            assertEquals("the service properties come along", "face-detector",
                    models.get(0).properties().get("visage.model.kind"));
        }
    }

    @Test
    public void aMissingArtifactIsNamed() throws Exception {
        Path jar = modelJar(ModelHeaderTest.DETECT, "model/other.onnx", new byte[1]);
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Exception e = assertThrows(Exception.class, () -> ClassPathModels.all(loader));
            assertTrue(e.getMessage(), e.getMessage().contains("model/fr_detect.onnx missing"));
        }
    }

    @Test
    public void anAbsentModelIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ClassPathModels.get("fr_nothing"));
        assertEquals("no model jar of fr_nothing on the class path", e.getMessage());
    }
}
