/** What operators see and do: gallery statistics, re-embedding progress, retention, index, secrets. */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.visage.api.admin;
