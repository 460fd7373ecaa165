package io.visage.api.storage;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Each tenant's template secret, stored only sealed (encrypted under the platform's master key). */
@ProviderType
public interface TenantSecretStore {

    Optional<String> sealedSecret(long tenantId);

    /** Sets or replaces the tenant's sealed secret. */
    void putSealedSecret(long tenantId, String sealedSecret);
}
