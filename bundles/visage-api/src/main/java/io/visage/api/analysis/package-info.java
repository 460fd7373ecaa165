/** Stand-alone analysis use cases: face detection with capture checks, and passive liveness detection. */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.visage.api.analysis;
