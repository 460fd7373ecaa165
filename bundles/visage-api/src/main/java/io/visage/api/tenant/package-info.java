/** API users (tenants): credentials, roles and their administration. */
@org.osgi.annotation.versioning.Version("1.1.0")
package io.visage.api.tenant;
