package io.visage.model.extender;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

import io.visage.api.face.FaceAligner;
import io.visage.api.model.ModelDescriptor;
import io.visage.api.model.ModelService;

public class ModelHeaderTest {

    static final String DETECT = "fr_detect;version=\"0.0.1\";kind=face-detector;input=320x240;colour=RGB;"
            + "mean=\"127,127,127\";std=\"128,128,128\";threshold.score=0.65;threshold.nms=0.4;format=onnx;"
            + "sha256=6C0256CC;resource=model/fr_detect.onnx;ranking=0;"
            + "source=\"npm:faceplugin-face-recognition-js@0.0.1 (MIT) package/model/fr_detect.onnx\"";
    static final String FEATURE = "fr_feature;version=\"0.0.1\";kind=face-embedding;input=112x112;colour=RGB;"
            + "mean=\"127,127,127\";std=\"128,128,128\";crop=arcface112;threshold.fmr1e-3=0.43;format=onnx;"
            + "sha256=87aa;resource=model/fr_feature.onnx;ranking=-10";

    @Test
    public void aClauseIsOneModelWithItsMetadata() {
        ModelHeader.Entry entry = ModelHeader.parse(DETECT).get(0);
        ModelDescriptor d = entry.descriptor();
        assertEquals(new ModelDescriptor("face-detector", "fr_detect", "0.0.1", "onnx", "6c0256cc", 320, 240, "RGB",
                List.of(127.0, 127.0, 127.0), List.of(128.0, 128.0, 128.0), Map.of("score", 0.65, "nms", 0.4),
                "npm:faceplugin-face-recognition-js@0.0.1 (MIT) package/model/fr_detect.onnx"), d);
        assertEquals("model/fr_detect.onnx", entry.resource());
        assertEquals(0, entry.ranking());
        assertEquals("io.visage.model.fr_detect", entry.configurationPid());
    }

    @Test
    public void theServicePropertiesKeepTheirNames() {
        Map<String, Object> p = ModelHeader.parse(DETECT).get(0).properties();
        assertEquals("face-detector", p.get(ModelService.KIND));
        assertEquals("fr_detect", p.get(ModelService.NAME));
        assertEquals("0.0.1", p.get(ModelService.VERSION));
        assertEquals("onnx", p.get(ModelService.FORMAT));
        assertEquals("6C0256CC", p.get(ModelService.SHA256));
        assertEquals("320", p.get("visage.model.input.width"));
        assertEquals("240", p.get("visage.model.input.height"));
        assertEquals("127,127,127", p.get("visage.model.mean"));
        assertEquals("0.65", p.get("visage.model.threshold.score"));
        assertEquals("model/fr_detect.onnx", p.get("visage.model.resource"));
        assertTrue("the ranking is the service's, not metadata", !p.containsKey("visage.model.ranking"));
    }

    @Test
    public void severalModelsAndFreeAttributes() {
        List<ModelHeader.Entry> entries = ModelHeader.parse(DETECT + "," + FEATURE);
        assertEquals(2, entries.size());
        ModelHeader.Entry feature = entries.get(1);
        assertEquals(-10, feature.ranking());
        assertEquals(FaceAligner.CROP_ARCFACE_112, feature.properties().get(FaceAligner.MODEL_CROP));
        assertEquals(0.43, feature.descriptor().threshold("fmr1e-3", 0), 0);
    }

    @Test
    public void aMissingAttributeIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelHeader.parse(DETECT.replace(";kind=face-detector", "")));
        assertEquals("Visage-Model model fr_detect lacks kind", e.getMessage());
    }

    @Test
    public void malformedValuesAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelHeader.parse(DETECT.replace("input=320x240", "input=320")));
        assertTrue(e.getMessage(), e.getMessage().contains("input must be WIDTHxHEIGHT"));
        e = assertThrows(IllegalArgumentException.class,
                () -> ModelHeader.parse(DETECT.replace("ranking=0", "ranking=high")));
        assertTrue(e.getMessage(), e.getMessage().contains("ranking is not a number"));
    }
}
