/** Types shared by every Visage service: why a request is refused. */
@org.osgi.annotation.versioning.Version("2.1.0")
package io.visage.api;
