/**
 * Face image quality after ISO/IEC 29794-5: the {@link io.visage.api.quality.QualityAssessor} service and its
 * immutable result {@link io.visage.api.quality.QualityMeasures}, keyed by the {@link io.visage.api.quality.QualityMeasure}
 * names the seed API answers with.
 */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.visage.api.quality;
