package io.visage.opencv;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.junit.Test;

/**
 * Checks the packaged bundle: openpnp's classes inlined, exactly one native (Linux x86-64), the upstream bundle's
 * packages exported at 4.9.0, and OpenCV loading and computing from this jar alone.
 */
public class BundleContentIT {

    private static final String NATIVE = "nu/pattern/opencv/linux/x86_64/libopencv_java490.so";

    private static File bundleFile() {
        return new File(System.getProperty("bundle.file", "target/visage-opencv-0.1.0.jar"));
    }

    @Test
    public void bundleInlinesClassesAndOnlyTheLinuxX8664Native() throws Exception {
        File jar = bundleFile();
        try (JarFile bundle = new JarFile(jar)) {
            assertNotNull("loader inlined", bundle.getEntry("nu/pattern/OpenCV.class"));
            assertNotNull("loader's shutdown hook inlined", bundle.getEntry("nu/pattern/OpenCV$TemporaryDirectory$2.class"));
            for (String cls : new String[] {"org/opencv/core/Core.class", "org/opencv/core/Mat.class",
                    "org/opencv/imgproc/Imgproc.class", "org/opencv/imgcodecs/Imgcodecs.class",
                    "org/opencv/dnn/Dnn.class", "org/opencv/osgi/OpenCVNativeLoader.class"}) {
                assertNotNull(cls + " inlined", bundle.getEntry(cls));
            }
            List<String> natives = bundle.stream().map(e -> e.getName())
                    .filter(n -> n.endsWith(".so") || n.endsWith(".dylib") || n.endsWith(".dll"))
                    .collect(Collectors.toList());
            assertEquals("exactly the linux x86_64 native", List.of(NATIVE), natives);
            assertTrue("no other platform's directories", bundle.stream().map(e -> e.getName())
                    .filter(n -> n.startsWith("nu/pattern/opencv/"))
                    .allMatch(n -> n.matches("nu/pattern/opencv/(linux/(x86_64/.*)?)?")));
            assertTrue("small bundle", jar.length() < 40_000_000);

            Attributes main = bundle.getManifest().getMainAttributes();
            String exports = main.getValue("Export-Package");
            for (String pkg : new String[] {"nu.pattern", "nu.pattern.opencv.linux.x86_64", "org.opencv.calib3d",
                    "org.opencv.core", "org.opencv.dnn", "org.opencv.features2d", "org.opencv.highgui",
                    "org.opencv.imgcodecs", "org.opencv.imgproc", "org.opencv.ml", "org.opencv.objdetect",
                    "org.opencv.osgi", "org.opencv.photo", "org.opencv.utils", "org.opencv.video",
                    "org.opencv.videoio"}) {
                assertTrue(pkg + " exported at 4.9.0 in " + exports,
                        exports.matches("(?s)(.*,)?" + pkg.replace(".", "\\.") + ";[^,]*version=\"4\\.9\\.0\".*"));
            }
            assertTrue("no ARM/osx/windows exports", !exports.contains("ARMv") && !exports.contains("osx")
                    && !exports.contains("windows") && !exports.contains("x86_32"));
        }
    }

    /** Loads from the built jar only (not the openpnp jar on the test class path) and runs a Mat operation. */
    @Test
    public void openCvLoadsAndWorksFromTheBundleAlone() throws Exception {
        File jar = bundleFile();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toURI().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Class<?> openCv = loader.loadClass("nu.pattern.OpenCV");
            assertEquals(loader, openCv.getClassLoader());
            openCv.getMethod("loadLocally").invoke(null);

            Class<?> core = loader.loadClass("org.opencv.core.Core");
            Class<?> mat = loader.loadClass("org.opencv.core.Mat");
            assertEquals("4.9.0", core.getMethod("getVersionString").invoke(null));
            int cv8uc1 = loader.loadClass("org.opencv.core.CvType").getField("CV_8UC1").getInt(null);
            Object eye = mat.getMethod("eye", int.class, int.class, int.class).invoke(null, 5, 5, cv8uc1);
            Method countNonZero = core.getMethod("countNonZero", mat);
            assertEquals(5, countNonZero.invoke(null, eye));

            // And imgproc: a 5x5 identity scaled up to 10x10 keeps a non-zero diagonal band.
            Class<?> size = loader.loadClass("org.opencv.core.Size");
            Object big = mat.getConstructor().newInstance();
            loader.loadClass("org.opencv.imgproc.Imgproc").getMethod("resize", mat, mat, size)
                    .invoke(null, eye, big, size.getConstructor(double.class, double.class).newInstance(10, 10));
            assertEquals(10, mat.getMethod("rows").invoke(big));
            assertTrue((int) countNonZero.invoke(null, big) >= 10);
        }
    }
}
