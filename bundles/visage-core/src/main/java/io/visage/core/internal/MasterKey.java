package io.visage.core.internal;

import java.io.IOException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The master key file of {@link TemplateProtection}'s configuration, read once for the components of this
 * bundle that need key material (the class is in a private package: no other bundle can use the service, and
 * its only service properties are the file's configured path). A new file re-activates it and its users.
 */
@Component(service = MasterKey.class, configurationPid = TemplateProtection.PID)
public final class MasterKey {
    private final byte[] key;

    @Activate
    public MasterKey(TemplateProtection.Config config) throws IOException {
        this.key = MasterKeyFile.loadOrCreate(MasterKeyFile.resolve(config.masterKeyFile()));
    }

    /** The raw key, for the sealing of template secrets that predates derived keys. */
    byte[] raw() {
        return key.clone();
    }

    /** A key of its own for one purpose. */
    byte[] derive(String purpose) {
        return MasterKeyFile.derive(key, purpose);
    }
}
