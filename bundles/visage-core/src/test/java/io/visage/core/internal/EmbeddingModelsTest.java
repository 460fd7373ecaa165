package io.visage.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;

public class EmbeddingModelsTest {

    private static ModelService model(String name, Map<String, Double> thresholds) {
        ModelDescriptor d = new ModelDescriptor(ModelService.KIND_FACE_EMBEDDING, name, "1", "onnx", "00", 112, 112,
                "RGB", List.of(0.0, 0.0, 0.0), List.of(1.0, 1.0, 1.0), thresholds, "test");
        return new ModelService() {
            @Override
            public ModelDescriptor descriptor() {
                return d;
            }

            @Override
            public InputStream openModel() {
                return new ByteArrayInputStream(new byte[0]);
            }
        };
    }

    private static EmbeddingModels models() {
        EmbeddingModels models = new EmbeddingModels();
        models.bindModel(model("a", Map.of("fmr1e-2", 0.25, "fmr1e-3", 0.34, "fmr1e-4", 0.41)), Map.of());
        models.bindModel(model("b", Map.of("fmr1e-3", 0.93)), Map.of());
        models.bindModel(model("c", Map.of()), Map.of());
        return models;
    }

    @Test
    public void defaultGradeIsEachModelsThresholdAtFmr1e3() {
        EmbeddingModels models = models();
        assertEquals(0.34, models.grade(0, "a:1", 0.5), 0);
        assertEquals(0.93, models.grade(0, "b:1", 0.5), 0);
        assertEquals(0.5, models.grade(0, "c:1", 0.5), 0);
        assertEquals(0.5, models.grade(0, "unknown:1", 0.5), 0);
    }

    @Test
    public void aConfiguredGradeWins() {
        assertEquals(0.6, models().grade(0.6, "a:1", 0.5), 0);
    }

    @Test
    public void theFalseMatchRateIsConfigurable() {
        EmbeddingModels models = models();
        models.configure(Map.of(EmbeddingModels.GRADE_FMR, "1e-4"));
        assertEquals(0.41, models.grade(0, "a:1", 0.5), 0);
        // A model without a threshold at that rate keeps its 1e-3 one.
        assertEquals(0.93, models.grade(0, "b:1", 0.5), 0);
        models.configure(Map.of(EmbeddingModels.GRADE_FMR, "0.01"));
        assertEquals(0.25, models.grade(0, "a:1", 0.5), 0);
        models.configure(Map.of());
        assertEquals(0.34, models.grade(0, "a:1", 0.5), 0);
    }

    @Test
    public void aRateThatIsNoPowerOfTenKeepsTheDefault() {
        EmbeddingModels models = models();
        models.configure(Map.of(EmbeddingModels.GRADE_FMR, "1e-4"));
        models.configure(Map.of(EmbeddingModels.GRADE_FMR, "3e-4"));
        assertEquals(0.34, models.grade(0, "a:1", 0.5), 0);
        models.configure(Map.of(EmbeddingModels.GRADE_FMR, "often"));
        assertEquals(0.34, models.grade(0, "a:1", 0.5), 0);
    }

    @Test
    public void thresholdKeys() {
        assertEquals("fmr1e-3", EmbeddingModels.thresholdKey("1e-3"));
        assertEquals("fmr1e-4", EmbeddingModels.thresholdKey("0.0001"));
        assertEquals("fmr1e-6", EmbeddingModels.thresholdKey(" 1E-6 "));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingModels.thresholdKey("2e-3"));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingModels.thresholdKey("0"));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingModels.thresholdKey("1"));
    }
}
