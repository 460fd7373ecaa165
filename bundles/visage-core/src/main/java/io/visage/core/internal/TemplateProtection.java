package io.visage.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.visage.api.face.FaceTemplate;
import io.visage.api.storage.TenantSecretStore;
import io.visage.api.template.BiometricTemplate;
import io.visage.api.template.TemplateCipher;

/**
 * Encrypts returned templates under each tenant's secret. Tenant secrets are random, created on first use,
 * and stored sealed with AES-256-GCM under a master key kept in a file outside the database (readable by
 * the platform's user only), so a copy of the database alone reveals no secret.
 */
@Component(service = TemplateProtection.class, configurationPid = TemplateProtection.PID)
@Designate(ocd = TemplateProtection.Config.class)
public final class TemplateProtection {
    static final String PID = "io.visage.core.templates";
    private static final int GCM_NONCE_BYTES = 12;

    @ObjectClassDefinition(name = "Visage template protection",
            description = "Where the master key that seals tenant template secrets is kept.")
    @interface Config {
        @AttributeDefinition(name = "Master key file", description = "Created (mode 600) on first use. Empty "
                + "means ${karaf.etc}/visage-master.key. Back it up: without it stored secrets cannot be unsealed.")
        String masterKeyFile() default "";
    }

    private final TenantSecretStore secrets;
    private final TemplateCipher cipher;
    private final SecretKeySpec masterKey;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public TemplateProtection(@Reference TenantSecretStore secrets, @Reference TemplateCipher cipher,
            @Reference MasterKey masterKey) {
        this.secrets = secrets;
        this.cipher = cipher;
        this.masterKey = new SecretKeySpec(masterKey.raw(), "AES");
    }

    TemplateProtection(TenantSecretStore secrets, TemplateCipher cipher, Path masterKeyFile) throws IOException {
        this.secrets = secrets;
        this.cipher = cipher;
        this.masterKey = new SecretKeySpec(MasterKeyFile.loadOrCreate(masterKeyFile), "AES");
    }

    /** The template as an ASCII-armoured OpenPGP message under the tenant's secret. */
    String protect(long tenantId, FaceTemplate template) {
        char[] secret = secret(tenantId);
        try {
            return cipher.encrypt(new BiometricTemplate(template.modelName(), template.modelVersion(),
                    template.vector()), secret);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    /** Replaces the tenant's secret; templates returned before can no longer be decrypted by the platform. */
    void rotate(long tenantId) {
        secrets.putSealedSecret(tenantId, seal(newSecret()));
    }

    private synchronized char[] secret(long tenantId) {
        String sealed = secrets.sealedSecret(tenantId).orElseGet(() -> {
            String created = seal(newSecret());
            secrets.putSealedSecret(tenantId, created);
            return created;
        });
        return unseal(sealed);
    }

    private char[] newSecret() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private String seal(char[] secret) {
        try {
            byte[] nonce = new byte[GCM_NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(128, nonce));
            byte[] sealed = aes.doFinal(new String(secret).getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java 17 runtime", e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    private char[] unseal(String sealed) {
        byte[] in = Base64.getDecoder().decode(sealed);
        try {
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(128, in, 0, GCM_NONCE_BYTES));
            byte[] plain = aes.doFinal(in, GCM_NONCE_BYTES, in.length - GCM_NONCE_BYTES);
            char[] secret = new String(plain, StandardCharsets.UTF_8).toCharArray();
            Arrays.fill(plain, (byte) 0);
            return secret;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A tenant secret cannot be unsealed: is this the right master key?", e);
        }
    }
}
