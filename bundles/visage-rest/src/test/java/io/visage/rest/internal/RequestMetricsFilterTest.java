package io.visage.rest.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class RequestMetricsFilterTest {

    @Test
    public void endpointsAreTheirPathTemplatesWithoutTheVersion() throws Exception {
        assertEquals("/users", RequestMetricsFilter.template(UsersResource.class, UsersResource.class.getMethod("query")));
        assertEquals("/images/{key}",
                RequestMetricsFilter.template(ImagesResource.class, ImagesResource.class.getMethod("image", String.class)));
        assertEquals("/health", RequestMetricsFilter.template(HealthResource.class, HealthResource.class.getMethod("health")));
        assertEquals("/metrics", RequestMetricsFilter.template(MetricsResource.class, MetricsResource.class.getMethod("scrape")));
    }
}
