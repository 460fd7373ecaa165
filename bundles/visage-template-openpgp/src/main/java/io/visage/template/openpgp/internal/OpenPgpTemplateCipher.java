package io.visage.template.openpgp.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Objects;

import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPBEEncryptedData;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.PGPDigestCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPBEDataDecryptorFactory;
import org.bouncycastle.openpgp.operator.bc.BcPBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.visage.api.template.TemplateCipher;
import io.visage.api.template.TemplateCipherException;

/**
 * {@link TemplateCipher} with BouncyCastle's lightweight OpenPGP API: one symmetric-key encrypted
 * session key packet (v4, AES-256, S2K type 3 iterated-and-salted with SHA-256; the key is the S2K
 * output), then a symmetrically encrypted integrity-protected data packet (MDC) holding one binary
 * literal data packet; no compression (float vectors do not compress). Armoured with a CRC. GnuPG 2.2
 * decrypts the output ({@code gpg --decrypt}); decryption also accepts compressed messages as gpg writes them.
 */
@Component(service = TemplateCipher.class, configurationPid = OpenPgpTemplateCipher.PID)
@Designate(ocd = OpenPgpTemplateCipher.Config.class)
public final class OpenPgpTemplateCipher implements TemplateCipher {

    static final String PID = "io.visage.template.openpgp";
    static final String LITERAL_NAME = "template.bin";

    @ObjectClassDefinition(name = "Visage template encryption (OpenPGP)",
            description = "How templates returned to API users are encrypted under the tenant's secret.")
    @interface Config {

        @AttributeDefinition(name = "S2K iteration count",
                description = "OpenPGP encoded S2K count (RFC 4880 3.7.1.3), 96..255. 96 hashes 65536 bytes;"
                        + " each +16 doubles the work. 255 (about 65 MB hashed, gpg's maximum) costs about a tenth of a"
                        + " second per enrolment.", min = "96", max = "255")
        int s2kCount() default 192;
    }

    private final int s2kCount;
    private final SecureRandom random = new SecureRandom();

    @Activate
    public OpenPgpTemplateCipher(Config config) {
        this(config.s2kCount());
    }

    OpenPgpTemplateCipher(int s2kCount) {
        if (s2kCount < 96 || s2kCount > 255) {
            throw new IllegalArgumentException("s2kCount must be within 96..255: " + s2kCount);
        }
        this.s2kCount = s2kCount;
    }

    @Override
    public String encrypt(byte[] plaintext, char[] passphrase) {
        Objects.requireNonNull(plaintext, "plaintext");
        requirePassphrase(passphrase);
        try {
            PGPDigestCalculator s2kDigest = new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA256);
            PGPEncryptedDataGenerator generator = new PGPEncryptedDataGenerator(
                    new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                            .setWithIntegrityPacket(true)
                            .setSecureRandom(random));
            generator.addMethod(new BcPBEKeyEncryptionMethodGenerator(passphrase, s2kDigest, s2kCount)
                    .setSecureRandom(random));

            ByteArrayOutputStream armoured = new ByteArrayOutputStream(plaintext.length * 4 / 3 + 512);
            try (ArmoredOutputStream armour = ArmoredOutputStream.builder().clearHeaders().build(armoured);
                    OutputStream encrypted = generator.open(armour, new byte[1 << 12]);
                    OutputStream literal = new PGPLiteralDataGenerator().open(encrypted, PGPLiteralData.BINARY,
                            LITERAL_NAME, plaintext.length, new Date(0))) {
                literal.write(plaintext);
            }
            return armoured.toString(StandardCharsets.US_ASCII);
        } catch (PGPException e) {
            throw new IllegalStateException("OpenPGP encryption failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] decrypt(String armouredMessage, char[] passphrase) throws TemplateCipherException {
        Objects.requireNonNull(armouredMessage, "armouredMessage");
        requirePassphrase(passphrase);
        try (InputStream in = PGPUtil.getDecoderStream(
                new ByteArrayInputStream(armouredMessage.getBytes(StandardCharsets.US_ASCII)))) {
            PGPEncryptedDataList list = firstOf(new BcPGPObjectFactory(in), PGPEncryptedDataList.class);
            PGPPBEEncryptedData data = null;
            for (Object candidate : list) {
                if (candidate instanceof PGPPBEEncryptedData pbe) {
                    data = pbe;
                    break;
                }
            }
            if (data == null) {
                throw new TemplateCipherException("message is not passphrase-encrypted");
            }
            if (!data.isIntegrityProtected()) {
                throw new TemplateCipherException("message is not integrity-protected");
            }
            InputStream clear = data.getDataStream(new BcPBEDataDecryptorFactory(passphrase, new BcPGPDigestCalculatorProvider()));
            Object content = new BcPGPObjectFactory(clear).nextObject();
            if (content instanceof PGPCompressedData compressed) {
                // Other implementations (gpg by default) compress before encrypting.
                content = new BcPGPObjectFactory(compressed.getDataStream()).nextObject();
            }
            if (!(content instanceof PGPLiteralData literal)) {
                throw new TemplateCipherException("expected literal data but found "
                        + (content == null ? "end of message" : content.getClass().getSimpleName()));
            }
            byte[] plaintext = literal.getDataStream().readAllBytes();
            if (!data.verify()) {
                throw new TemplateCipherException("integrity check failed");
            }
            return plaintext;
        } catch (PGPException e) {
            throw new TemplateCipherException("cannot decrypt template (wrong secret or damaged message)", e);
        } catch (IOException | RuntimeException e) {
            throw new TemplateCipherException("malformed OpenPGP message", e);
        }
    }

    private static <T> T firstOf(BcPGPObjectFactory factory, Class<T> type) throws IOException, TemplateCipherException {
        Object next = factory.nextObject();
        if (!type.isInstance(next)) {
            throw new TemplateCipherException("expected " + type.getSimpleName() + " but found "
                    + (next == null ? "end of message" : next.getClass().getSimpleName()));
        }
        return type.cast(next);
    }

    private static void requirePassphrase(char[] passphrase) {
        Objects.requireNonNull(passphrase, "passphrase");
        if (passphrase.length == 0) {
            throw new IllegalArgumentException("empty passphrase");
        }
    }
}
