package io.visage.rest.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxrs.openapi.OpenApiFeature;
import org.apache.cxf.jaxrs.swagger.ui.SwaggerUiConfig;
import org.osgi.framework.BundleContext;
import org.apache.cxf.transport.http.HTTPTransportFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.jaxrs.json.JacksonJsonProvider;

import io.visage.api.tenant.ApiUserService;
import io.visage.metrics.MetricsService;

/**
 * Publishes the Saffe API on CXF's servlet (mounted at the server root by the distribution's
 * {@code org.apache.cxf.osgi} configuration), so {@code /v1/users} answers at {@code http://host:8181/v1/users}.
 */
@Component(immediate = true, configurationPid = RestServer.PID,
        property = {"resources.cardinality.minimum:Integer=" + SaffeResource.COUNT,
            "operators.cardinality.minimum:Integer=" + OperatorResource.COUNT})
@Designate(ocd = RestServer.Config.class)
public final class RestServer {
    static final String PID = "io.visage.rest";
    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);

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

        @AttributeDefinition(name = "Pipeline concurrency", min = "0", description = "Requests carrying a multipart "
                + "body (images) processed at once; 0 (default) = the number of processors.")
        int maxPipelineRequests() default 0;

        @AttributeDefinition(name = "Pipeline queue", min = "0", description = "Requests that may wait for a "
                + "pipeline slot; past them, 503 {\"status\":503,\"message\":\"Server busy. Try again later.\"}.")
        int maxPipelineWaiting() default 16;

        @AttributeDefinition(name = "Pipeline wait (ms)", min = "0",
                description = "How long a waiting request waits for a slot before the 503.")
        long maxPipelineWaitMillis() default 10_000;

        @AttributeDefinition(name = "Swagger UI", description = "Who may open Swagger UI at /api-docs/: off, localhost "
                + "(default; loopback clients, behind a reverse proxy the proxy) or on (everyone). The API description "
                + "at /openapi.json is served to everyone.", options = {
                    @Option(label = "off", value = "off"), @Option(label = "localhost only", value = "localhost"),
                    @Option(label = "everyone", value = "on")})
        String apiDocs() default "localhost";
    }

    private final Server server;

    /** Authentication needs it; while it is away (storage being replaced) requests get "try again". */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ApiUserService apiUsers;

    /** Requests are counted while it is there; its bundle coming or going never touches the endpoint. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MetricsService metrics;

    /**
     * Depends on nothing that is ever swapped: the resources hold their services dynamically, so the endpoint
     * stays published (and answers JSON) while any stage, index or storage bundle is replaced.
     */
    @Activate
    public RestServer(Config config, BundleContext bundleContext, @Reference HTTPTransportFactory servletTransport,
            @Reference(name = "resources", service = SaffeResource.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.GREEDY) List<SaffeResource> resources,
            @Reference(name = "operators", service = OperatorResource.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.GREEDY) List<OperatorResource> operators) {
        // The endpoint is published on the transport of CXF's OSGi servlet, named explicitly: left to the bus, the
        // transport is looked up in the service registry, and a bus that looked before CXF's HTTP bundle had
        // registered it fell back to a transport of its own that no servlet serves (every path answered 404 until
        // a restart; seen once in a clean-clone CI run, when our resources were all up before CXF's transport).
        JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
        factory.setDestinationFactory(servletTransport);
        factory.setBus(BusFactory.getDefaultBus());
        factory.setAddress(config.address());
        List<Object> beans = new ArrayList<>(resources);
        beans.addAll(operators);
        factory.setServiceBeans(beans);
        ApiDocsAccess.Mode apiDocs = apiDocsMode(config);
        factory.setFeatures(List.of(openApi(bundleContext.getBundle().getVersion().toString(), apiDocs)));
        factory.setProviders(List.of(
                new RequestMetricsFilter(() -> metrics),
                new PipelineGate(config.maxPipelineRequests() > 0 ? config.maxPipelineRequests()
                        : Runtime.getRuntime().availableProcessors(), config.maxPipelineWaiting(),
                        config.maxPipelineWaitMillis()),
                new ApiDocsAccess(apiDocs),
                new JacksonJsonProvider(),
                new CorsFilter(origins(config.corsAllowedOrigins())),
                new AuthenticationFilter(() -> apiUsers, new RequestBodyParser(config.maxBodyBytes())),
                new ErrorMappers.ClientErrorMapper(),
                new ErrorMappers.RefusalMapper(),
                new ThrottledMapper(),
                new ErrorMappers.ServiceMissingMapper(),
                new ErrorMappers.FaceExceptionMapper(),
                new ErrorMappers.WebApplicationExceptionMapper(),
                new ErrorMappers.UnexpectedExceptionMapper()));
        server = factory.create();
    }

    /**
     * The API description at /openapi.json, generated from the resources' annotations each time it is asked for,
     * and Swagger UI at /api-docs/ from the webjar bundle (not registered at all when off).
     */
    private static OpenApiFeature openApi(String version, ApiDocsAccess.Mode apiDocs) {
        OpenApiFeature feature = new OpenApiFeature();
        feature.setTitle(ApiDescription.TITLE);
        feature.setDescription(ApiDescription.DESCRIPTION);
        feature.setVersion(version);
        feature.setLicense("");
        feature.setScan(false);
        feature.setScanKnownConfigLocations(false);
        feature.setUseContextBasedConfig(true);
        feature.setPrettyPrint(true);
        feature.setSecurityDefinitions(ApiDescription.SECURITY_SCHEMES);
        feature.setCustomizer(new ApiDescription());
        feature.setSupportSwaggerUi(apiDocs != ApiDocsAccess.Mode.OFF);
        SwaggerUiConfig ui = new SwaggerUiConfig().url("/openapi.json").queryConfigEnabled(false);
        feature.setSwaggerUiConfig(ui);
        return feature;
    }

    private static ApiDocsAccess.Mode apiDocsMode(Config config) {
        try {
            return ApiDocsAccess.mode(config.apiDocs());
        } catch (IllegalArgumentException e) {
            LOG.warn("{} ({}): Swagger UI is off", e.getMessage(), PID);
            return ApiDocsAccess.Mode.OFF;
        }
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
