package io.visage.onnx;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.util.jar.JarFile;

import org.junit.Test;

/** Checks the packaged bundle: ORT's classes and Linux x64 natives inlined, nothing of other platforms. */
public class BundleContentIT {

    @Test
    public void bundleInlinesOrtClassesAndOnlyLinuxX64Natives() throws Exception {
        File jar = new File(System.getProperty("bundle.file", "target/visage-onnx-0.1.0.jar"));
        try (JarFile bundle = new JarFile(jar)) {
            assertNotNull("ORT classes inlined", bundle.getEntry("ai/onnxruntime/OrtSession.class"));
            assertNotNull("ORT sub-packages inlined", bundle.getEntry("ai/onnxruntime/providers/OrtFlags.class"));
            assertNotNull(bundle.getEntry("ai/onnxruntime/native/linux-x64/libonnxruntime.so"));
            assertNotNull(bundle.getEntry("ai/onnxruntime/native/linux-x64/libonnxruntime4j_jni.so"));
            assertTrue("no other platform's natives", bundle.stream().noneMatch(e -> e.getName().contains("win-x64")
                    || e.getName().contains("osx-") || e.getName().contains("aarch64")));
            assertTrue("small bundle", jar.length() < 12_000_000);
        }
    }
}
