package io.visage.itests;

import static org.junit.Assert.assertEquals;

import java.util.List;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

/**
 * One identity per name (issue 19, API-NOTES "Names"): user references and group names are NFC-normalised and
 * case-sensitive, never trimmed, refused with a blank at either end on every endpoint, the same on any database.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class NameRulesIT extends GalleryTestSupport {
    private static final String MALFORMED_REFERENCE =
            "Parameter user_reference must not begin or end with a blank or contain control characters.";
    private static final String MALFORMED_GROUP =
            "Parameter group_name must not begin or end with a blank or contain control characters.";

    @Test
    public void aTrailingOrLeadingBlankIsRefusedOnEveryEndpointNotTrimmed() throws Exception {
        Tenant t = tenant("names-blank");
        t.enrol("trimtest", PENNY1);
        t.createGroup("g");
        for (String name : List.of("trimtest ", " trimtest", "trimtest\t")) {
            assertError(t.register(name, image(PENNY2), "liveness=false"), 400, MALFORMED_REFERENCE);
            assertError(t.update(name, image(PENNY2), "liveness=false"), 400, MALFORMED_REFERENCE);
            assertError(t.delete(name), 400, MALFORMED_REFERENCE);
            assertError(t.users("user_reference=" + enc(name)), 400, MALFORMED_REFERENCE);
            assertError(t.userLogs("user_reference=" + enc(name)), 400, MALFORMED_REFERENCE);
            assertError(t.associate("g", name), 400, MALFORMED_REFERENCE);
            assertError(t.match("liveness=false&user_reference=" + enc(name), image(PENNY2)), 400,
                    MALFORMED_REFERENCE);
            assertError(t.matches("user_reference=" + enc(name)), 400, MALFORMED_REFERENCE);
        }
        assertError(t.createGroup("g "), 400, MALFORMED_GROUP);
        assertError(t.associate(" g", "trimtest"), 400, MALFORMED_GROUP);
        assertError(t.match("liveness=false&group_name=" + enc("g "), image(PENNY2)), 400, MALFORMED_GROUP);
        assertError(t.register("   ", image(PENNY2), "liveness=false"), 400, "Missing required parameter.");
        // Nothing changed, and the user keeps its one identity.
        assertEquals(List.of("trimtest"), t.userReferences());
        assertEquals(1, t.logCount());
        assertOk(t.users("user_reference=trimtest"), "Succeeded.");
        assertEquals(1, t.users("user_reference=trimtest").json.get("users").size());
    }

    @Test
    public void composedAndDecomposedFormsAreOneNameAndCaseCounts() throws Exception {
        Tenant t = tenant("names-nfc");
        String composed = "Jos\u00e9";
        String decomposed = "Jose\u0301";
        t.enrol(decomposed, PENNY1);
        assertError(t.register(composed, image(PENNY2), "liveness=false"), 400, "User " + composed + " already exists.");
        assertEquals(List.of(composed), t.userReferences());
        assertEquals(1, t.users("user_reference=" + enc(composed)).json.get("users").size());
        t.addImage(composed, PENNY2);
        assertOk(t.match("liveness=false&user_reference=" + enc(decomposed), image(PENNY3)), "Request OK");
        t.enrol("JOS\u00c9", AMY1);
        assertEquals(2, t.userReferences().size());
        assertError(t.createGroup("caf\u00e9"), 200, "Group caf\u00e9 successfully created.");
        assertError(t.createGroup("cafe\u0301"), 400, "Group caf\u00e9 already exist.");
        assertError(t.delete(decomposed), 200, "User deleted.");
        assertEquals(List.of("JOS\u00c9"), t.userReferences());
    }

    @Test
    public void theLengthIsCountedAfterNormalisation() throws Exception {
        Tenant t = tenant("names-length");
        // 510 characters sent, 255 after composition: accepted.
        t.enrol("e\u0301".repeat(255), PENNY1);
        assertEquals(List.of("\u00e9".repeat(255)), t.userReferences());
        assertError(t.register("\u00e9".repeat(256), image(PENNY2), "liveness=false"), 400,
                "Parameter user_reference must be at most 255 characters.");
    }
}
