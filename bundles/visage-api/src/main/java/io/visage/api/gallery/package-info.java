/** Gallery use cases: enrolled users, groups and matching, per tenant. */
@org.osgi.annotation.versioning.Version("2.0.0")
package io.visage.api.gallery;
