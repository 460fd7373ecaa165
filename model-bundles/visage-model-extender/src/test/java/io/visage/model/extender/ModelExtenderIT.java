package io.visage.model.extender;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.visage.api.model.ModelService;

/**
 * The built extender in a real framework (Felix, with Felix Configuration Admin): a data-only model bundle gets its
 * model service, in its own name, with the header's metadata; the ranking follows configuration io.visage.model.NAME
 * in place; stopping the bundle takes the service away; a bundle whose header is broken gets none.
 */
public class ModelExtenderIT {

    static final byte[] ARTIFACT = "an onnx file".getBytes(StandardCharsets.UTF_8);

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private Framework framework;
    private BundleContext context;

    @Before
    public void start() throws Exception {
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, folder.newFolder("felix").getPath());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // The test shares these packages with the bundles, so it can use their services.
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA,
                "io.visage.api.model;version=\"1.0.0\",org.osgi.service.cm;version=\"1.6.0\"");
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(config);
        framework.start();
        context = framework.getBundleContext();
        context.installBundle(Path.of(System.getProperty("configadmin.file")).toUri().toString()).start();
        context.installBundle(Path.of(System.getProperty("bundle.file")).toUri().toString()).start();
    }

    @After
    public void stop() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private Bundle installModel(String header) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        main.putValue(Constants.BUNDLE_SYMBOLICNAME, "io.visage.model.it_model");
        main.putValue(Constants.BUNDLE_VERSION, "1.0.0");
        main.putValue(Constants.REQUIRE_CAPABILITY,
                "osgi.extender;filter:=\"(&(osgi.extender=io.visage.model)(version>=1.0.0)(!(version>=2.0.0)))\"");
        main.putValue(ModelHeader.NAME, header);
        Path jar = folder.newFile().toPath();
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("model/it_model.onnx"));
            out.write(ARTIFACT);
            out.closeEntry();
        }
        Bundle bundle = context.installBundle(jar.toUri().toString());
        bundle.start();
        return bundle;
    }

    static String header(String ranking) {
        return "it_model;version=\"0.0.7\";kind=liveness;input=128x128;colour=BGR;mean=\"0,0,0\";std=\"1,1,1\";"
                + "threshold.live=0.3;format=onnx;sha256=abc;resource=model/it_model.onnx;ranking=" + ranking;
    }

    /** The model service once it has the ranking, within 10 s; null if it does not. */
    private ServiceReference<ModelService> await(int ranking) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        do {
            ServiceReference<ModelService> ref = context.getServiceReference(ModelService.class);
            if (ref != null && Integer.valueOf(ranking).equals(ref.getProperty(Constants.SERVICE_RANKING))) {
                return ref;
            }
            Thread.sleep(20);
        } while (System.currentTimeMillis() < deadline);
        return null;
    }

    @Test
    public void aModelBundleGetsItsServiceInItsOwnName() throws Exception {
        Bundle model = installModel(header("-10"));
        ServiceReference<ModelService> ref = await(-10);
        assertNotNull("the model service appears with the header's ranking", ref);
        assertEquals("registered in the model bundle's name", model, ref.getBundle());
        assertEquals("it_model", ref.getProperty(ModelService.NAME));
        assertEquals("0.0.7", ref.getProperty(ModelService.VERSION));
        assertEquals("liveness", ref.getProperty(ModelService.KIND));
        assertEquals("128", ref.getProperty("visage.model.input.width"));
        ModelService service = context.getService(ref);
        assertEquals("it_model:0.0.7", service.descriptor().id());
        assertArrayEquals(ARTIFACT, service.readModel());
        context.ungetService(ref);

        model.stop();
        assertNull("stopping the bundle takes its model away", context.getServiceReference(ModelService.class));
        model.start();
        assertNotNull("and starting it brings it back", await(-10));
    }

    @Test
    public void theRankingFollowsTheModelsConfigurationInPlace() throws Exception {
        installModel(header("0"));
        ServiceReference<ModelService> before = await(0);
        assertNotNull(before);
        ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> cm = new ServiceTracker<>(context,
                ConfigurationAdmin.class, null);
        cm.open();
        try {
            Configuration configuration = cm.waitForService(10_000).getConfiguration("io.visage.model.it_model", "?");
            Dictionary<String, Object> properties = new Hashtable<>();
            properties.put(Constants.SERVICE_RANKING, "20"); // as config:property-set writes it
            configuration.update(properties);
            ServiceReference<ModelService> after = await(20);
            assertNotNull("the configured ranking applies", after);
            assertEquals("to the same service, modified", before.getProperty(Constants.SERVICE_ID),
                    after.getProperty(Constants.SERVICE_ID));
            configuration.delete();
            assertNotNull("without configuration the header's ranking is back", await(0));
        } finally {
            cm.close();
        }
    }

    @Test
    public void aBrokenHeaderRegistersNothingAndLeavesTheBundleAlone() throws Exception {
        Bundle model = installModel(header("0").replace(";kind=liveness", ""));
        assertEquals(Bundle.ACTIVE, model.getState());
        assertNull(await(0));
    }
}
