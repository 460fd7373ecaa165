package io.visage.model.extender.internal;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class RegisteredModelTest {

    @Test
    public void aConfiguredRankingWinsAndMayBeText() {
        assertEquals(20, RegisteredModel.ranking(20, -10));
        assertEquals(20, RegisteredModel.ranking("20", -10));
        assertEquals(-10, RegisteredModel.ranking(" -10 ", 0));
    }

    @Test
    public void withoutAUsableRankingTheHeadersStands() {
        assertEquals(-10, RegisteredModel.ranking(null, -10));
        assertEquals(-10, RegisteredModel.ranking("high", -10));
    }
}
