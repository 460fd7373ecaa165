package io.visage.rest.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.transport.http.DestinationRegistry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

import io.visage.api.analysis.FaceDetectionService;
import io.visage.api.analysis.LivenessService;
import io.visage.api.gallery.GalleryService;
import io.visage.api.tenant.ApiUserService;

/**
 * Publishes the Saffe API on CXF's servlet (mounted at the server root by the distribution's
 * {@code org.apache.cxf.osgi} configuration), so {@code /v1/users} answers at {@code http://host:8181/v1/users}.
 */
@Component(immediate = true, configurationPid = RestServer.PID)
@Designate(ocd = RestServer.Config.class)
public final class RestServer {
    static final String PID = "io.visage.rest";

    @ObjectClassDefinition(name = "Visage REST API", description = "The HTTP endpoint of the Saffe API.")
    @interface Config {
        @AttributeDefinition(name = "Address", description = "Path under CXF's servlet context.")
        String address() default "/";

        @AttributeDefinition(name = "Maximum request body (bytes)",
                description = "Larger requests are refused with 413 before they are read further.")
        long maxBodyBytes() default 16L * 1024 * 1024;

        @AttributeDefinition(name = "CORS allowed origins", description = "Browser origins allowed to call the "
                + "API (e.g. https://app.example.com), or * for any. Empty (default): no cross-origin access.")
        String[] corsAllowedOrigins() default {};
    }

    private final Server server;

    @Activate
    public RestServer(Config config, @Reference DestinationRegistry servletTransport,
            @Reference ApiUserService apiUsers, @Reference GalleryService gallery,
            @Reference FaceDetectionService faceDetection, @Reference LivenessService liveness) {
        // The servlet transport's registry is referenced only so that we start after it: CXF's bus
        // finds the transport through the service registry, and no Bus service exists before one is made.
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setBus(BusFactory.getDefaultBus());
        factory.setAddress(config.address());
        factory.setServiceBeans(List.of(new UsersResource(gallery), new UserLogsResource(gallery),
                new GroupsResource(gallery), new UsersGroupsResource(gallery), new GalleryMatchesResource(gallery),
                new IdMatchesResource(gallery), new ImagesResource(gallery), new FaceDetectionsResource(faceDetection),
                new LivenessDetectionsResource(liveness)));
        factory.setProviders(List.of(
                new JacksonJsonProvider(),
                new CorsFilter(origins(config.corsAllowedOrigins())),
                new AuthenticationFilter(apiUsers, new RequestBodyParser(config.maxBodyBytes())),
                new ErrorMappers.ApiExceptionMapper(),
                new ErrorMappers.FaceExceptionMapper(),
                new ErrorMappers.WebApplicationExceptionMapper(),
                new ErrorMappers.UnexpectedExceptionMapper()));
        server = factory.create();
    }

    /** Origins from a .cfg file arrive as one comma-separated string; from config:edit as a list. */
    private static Set<String> origins(String[] configured) {
        return Arrays.stream(configured).flatMap(value -> Arrays.stream(value.split(","))).map(String::trim)
                .filter(origin -> !origin.isEmpty()).collect(Collectors.toSet());
    }

    @Deactivate
    void stop() {
        server.destroy();
    }
}
