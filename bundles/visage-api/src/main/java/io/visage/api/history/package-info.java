/** Filters shared by the history queries of every transaction type. */
@org.osgi.annotation.versioning.Version("1.0.0")
package io.visage.api.history;
