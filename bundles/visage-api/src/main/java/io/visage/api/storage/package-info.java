/** Persistence SPI: what the use cases need from a database. SQL lives only in implementations. */
@org.osgi.annotation.versioning.Version("1.5.0")
package io.visage.api.storage;
