package io.visage.rest.internal;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.lang.reflect.Proxy;
import java.util.List;

import org.apache.cxf.transport.http.DestinationRegistry;
import org.apache.cxf.transport.http.DestinationRegistryImpl;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

public class RestServerTest {

    /**
     * The endpoint must land in the registry of the transport it was given (the one CXF's OSGi servlet serves),
     * whatever transport the bus would find by itself: in a boot where the bus looked before CXF's HTTP bundle
     * had registered its transport, the API was published on a private one and every path answered 404.
     */
    @Test
    public void publishesOnTheGivenServletTransport() {
        DestinationRegistry servletRegistry = new DestinationRegistryImpl();
        assertNull(servletRegistry.getDestinationForPath("/", true));

        RestServer server = new RestServer(defaults(), bundleContext(), new HTTPTransportFactory(servletRegistry),
                List.of(), List.of(new HealthResource()));
        try {
            assertNotNull("the API is published where the servlet looks", servletRegistry.getDestinationForPath("/", true));
        } finally {
            server.stop();
        }
        assertNull("and withdrawn from there on stop", servletRegistry.getDestinationForPath("/", true));
    }

    /** The configuration's defaults, as DS hands them over without a configuration. */
    private static RestServer.Config defaults() {
        return (RestServer.Config) Proxy.newProxyInstance(RestServerTest.class.getClassLoader(),
                new Class<?>[] {RestServer.Config.class}, (proxy, method, args) -> method.getDefaultValue());
    }

    private static BundleContext bundleContext() {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(RestServerTest.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getVersion")) {
                        return new Version(1, 0, 0);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(RestServerTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getBundle")) {
                        return bundle;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
