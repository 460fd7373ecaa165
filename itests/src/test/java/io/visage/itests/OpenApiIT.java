package io.visage.itests;

import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * The API description at {@code /openapi.json} against the running API: every seed endpoint is in it, and every
 * operation it lists, called on each of its version prefixes with a valid credential (in turn in the query
 * string, the X-Api-* headers and the form) and minimal input built from the document itself, answers one of the
 * statuses it documents for that operation, with a body of the documented media type whose fields the documented
 * schema names. Swagger UI is served to this loopback client. The checks live in {@link OpenApiContract}, so that
 * this class names no Jackson type (it may be the first test class loaded, before Jackson is installed).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class OpenApiIT extends VisageTestSupport {

    @Test
    public void everySeedEndpointIsDescribedWithItsVersionsAndCredentials() throws Exception {
        new OpenApiContract(http(), null, null).everySeedEndpointIsDescribedWithItsVersionsAndCredentials();
    }

    @Test
    public void everyOperationAnswersAsDescribedOnEveryVersion() throws Exception {
        String name = uniqueName("openapi");
        OpenApiContract contract = new OpenApiContract(http(), name, addApiUser(name, null));
        contract.enrolAUserAndCreateAGroup();
        int called = contract.everyOperationAnswersAsDescribedOnEveryVersion();
        assertTrue("only " + called + " calls", called >= 3 * OpenApiContract.SEED_ENDPOINTS.size());
    }

    @Test
    public void swaggerUiIsServedToLoopbackClientsFromTheWebjar() throws Exception {
        new OpenApiContract(http(), null, null).swaggerUiIsServedToLoopbackClientsFromTheWebjar();
    }
}
