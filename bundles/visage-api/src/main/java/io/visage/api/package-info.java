/** Types shared by every Visage service: the client-facing error. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.visage.api;
