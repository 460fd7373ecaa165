package io.visage.template.openpgp.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.BCPGInputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.Packet;
import org.bouncycastle.bcpg.S2K;
import org.bouncycastle.bcpg.SymmetricEncIntegrityPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyEncSessionPacket;
import org.junit.Test;

import io.visage.api.template.BiometricTemplate;
import io.visage.api.template.TemplateCipherException;

public class OpenPgpTemplateCipherTest {

    private static final char[] SECRET = "tenant-42-secret".toCharArray();

    /** Made with GnuPG 2.2: {@code echo "from gpg" | gpg --symmetric --cipher-algo AES256 --s2k-digest-algo SHA256 --armor}, passphrase "s3cret". */
    private static final String GPG_MESSAGE_BODY = "jA0ECQMI/Udg3ykghcv/0kcBNQhAErIzXS7b9Zy6WTFRU5zKilvzJ4R47eM5p2S9\n"
            + "R+GzB3eTlPTm+Ul9qku4/awRM6tbmmMuupfnrIRVXmxRA4JCh2aEZQ==\n"
            + "=vHFj";

    private final OpenPgpTemplateCipher cipher = new OpenPgpTemplateCipher(96);

    private static BiometricTemplate template() {
        Random random = new Random(1);
        float[] vector = new float[512];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = (float) random.nextGaussian();
        }
        return new BiometricTemplate("fr_feature", "1.0.0", vector);
    }

    @Test
    public void templateRoundTrips() throws Exception {
        BiometricTemplate template = template();
        String message = cipher.encrypt(template, SECRET);
        assertEquals(template, cipher.decryptTemplate(message, SECRET));
        // Fresh salt and session IV each time.
        assertNotEquals(message, cipher.encrypt(template, SECRET));
    }

    @Test
    public void bytesRoundTripIncludingEmpty() throws Exception {
        assertArrayEquals(new byte[0], cipher.decrypt(cipher.encrypt(new byte[0], SECRET), SECRET));
        byte[] big = new byte[100_000];
        new Random(2).nextBytes(big);
        assertArrayEquals(big, cipher.decrypt(cipher.encrypt(big, SECRET), SECRET));
    }

    /** A message as gpg writes it by default: compressed, then encrypted (gpg --symmetric --armor). */
    @Test
    public void decryptsCompressedMessagesFromOtherImplementations() throws Exception {
        String fromGpg = "-----BEGIN PGP MESSAGE-----\n\n"
                + GPG_MESSAGE_BODY
                + "\n-----END PGP MESSAGE-----\n";
        assertArrayEquals("from gpg\n".getBytes(StandardCharsets.US_ASCII), cipher.decrypt(fromGpg, "s3cret".toCharArray()));
    }

    @Test
    public void wrongSecretFails() {
        String message = cipher.encrypt(template(), SECRET);
        try {
            cipher.decryptTemplate(message, "tenant-43-secret".toCharArray());
            fail("decrypted with the wrong secret");
        } catch (TemplateCipherException expected) {
            // the session key check or the MDC rejects it
        }
    }

    @Test
    public void tamperedMessageFails() throws Exception {
        String message = cipher.encrypt(template(), SECRET);
        byte[] binary = dearmour(message);
        binary[binary.length - 30] ^= 1;
        String tampered = new String(org.bouncycastle.util.encoders.Base64.encode(binary), StandardCharsets.US_ASCII);
        String armoured = "-----BEGIN PGP MESSAGE-----\n\n" + tampered + "\n-----END PGP MESSAGE-----\n";
        try {
            cipher.decrypt(armoured, SECRET);
            fail("tampered message accepted");
        } catch (TemplateCipherException expected) {
            // integrity protection
        }
    }

    @Test
    public void outputIsArmouredPbeAes256WithIteratedSaltedSha256S2k() throws Exception {
        String message = new OpenPgpTemplateCipher(192).encrypt(template(), SECRET);
        assertTrue(message.startsWith("-----BEGIN PGP MESSAGE-----"));
        assertTrue(message.trim().endsWith("-----END PGP MESSAGE-----"));
        assertFalse("no version header leaks the library", message.contains("Version:"));

        try (BCPGInputStream packets = new BCPGInputStream(new ByteArrayInputStream(dearmour(message)))) {
            Packet first = packets.readPacket();
            assertTrue(first instanceof SymmetricKeyEncSessionPacket);
            SymmetricKeyEncSessionPacket session = (SymmetricKeyEncSessionPacket) first;
            assertEquals(SymmetricKeyEncSessionPacket.VERSION_4, session.getVersion());
            assertEquals(SymmetricKeyAlgorithmTags.AES_256, session.getEncAlgorithm());
            S2K s2k = session.getS2K();
            assertEquals(S2K.SALTED_AND_ITERATED, s2k.getType());
            assertEquals(HashAlgorithmTags.SHA256, s2k.getHashAlgorithm());
            assertEquals(8, s2k.getIV().length);
            assertEquals(192, s2k.getIterationCount() >= 0 ? encodedCount(s2k.getIterationCount()) : -1);
            byte[] encryptedSessionKey = session.getSecKeyData();
            assertTrue("the S2K output is the session key itself",
                    encryptedSessionKey == null || encryptedSessionKey.length == 0);

            Packet second = packets.readPacket();
            assertTrue("integrity-protected data (SEIPD v1)", second instanceof SymmetricEncIntegrityPacket);
        }
    }

    @Test
    public void templateBinaryFormIsStable() {
        BiometricTemplate template = new BiometricTemplate("m", "2", new float[] {1f, -0.5f});
        byte[] expected = {0x56, 0x54, 0x50, 0x4C, 1, 0, 1, 'm', 0, 1, '2', 0, 0, 0, 2,
                0x3F, (byte) 0x80, 0, 0, (byte) 0xBF, 0, 0, 0};
        assertArrayEquals(expected, template.toBytes());
        assertEquals(template, BiometricTemplate.fromBytes(expected));
        expected[4] = 2;
        try {
            BiometricTemplate.fromBytes(expected);
            fail("unknown format version accepted");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("version"));
        }
    }

    /** The S2K count byte for a decoded iteration count (RFC 4880 3.7.1.3). */
    private static int encodedCount(long count) {
        for (int c = 0; c < 256; c++) {
            if (((16L + (c & 15)) << ((c >> 4) + 6)) == count) {
                return c;
            }
        }
        return -1;
    }

    private static byte[] dearmour(String message) throws IOException {
        try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)))) {
            return in.readAllBytes();
        }
    }
}
