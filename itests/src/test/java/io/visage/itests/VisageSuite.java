package io.visage.itests;

import org.junit.runner.RunWith;
import org.junit.runners.Suite;

/**
 * Every integration test class, run against ONE Karaf container. Pax Exam's PerSuite strategy keeps the
 * container up only while it knows of test classes still to run; a JUnit suite creates all their runners
 * up front, so the distribution boots once for the whole suite. Failsafe runs only this class: add new IT
 * classes here.
 */
@RunWith(Suite.class)
@Suite.SuiteClasses({
    ApiContractIT.class,
    FaceDetectionIT.class,
    LivenessIT.class,
    HotSwapIT.class,
    SeamSwapIT.class,
    IndexSwitchIT.class,
    AdminCommandsIT.class,
    ReembeddingIT.class,
    GalleryUsersIT.class,
    GroupsIT.class,
    GalleryMatchesIT.class,
    IdMatchesIT.class,
    TenantIsolationIT.class,
    HttpEdgesIT.class,
    OperatorEndpointsIT.class,
    OpenApiIT.class,
    NameRulesIT.class,
    SameReferencesIT.class,
    AuthenticationThrottlingIT.class,
    CheapRefusalsIT.class,
})
public class VisageSuite {
}
