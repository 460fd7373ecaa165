/** What operators see and do: gallery statistics, re-embedding progress, retention, index, secrets. */
@org.osgi.annotation.versioning.Version("1.2.0")
package io.visage.api.admin;
