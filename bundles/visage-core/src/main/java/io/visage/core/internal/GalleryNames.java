package io.visage.core.internal;

import java.text.Normalizer;
import java.util.List;
import java.util.Optional;

import io.visage.api.Refusal;
import io.visage.api.RequestRefusedException;

/**
 * The one identity rule of user references and group names (API-NOTES.md, "Names"), applied before any
 * store sees a name, so that every endpoint and every database agree on which names are the same:
 * <ul>
 * <li>names are compared exactly, case included, after Unicode normalisation to NFC (a composed and a
 * decomposed "é" are one name);</li>
 * <li>a name that is empty or only blanks is a missing parameter;</li>
 * <li>a name that begins or ends with a blank (any Unicode space), or holds a control character or a lone
 * surrogate, is refused, never trimmed: Derby compares {@code "a "} equal to {@code "a"}, PostgreSQL does
 * not, so such names would be one identity on one database and two on the other;</li>
 * <li>at most {@value #MAX_LENGTH} UTF-16 code units after normalisation (what a VARCHAR(255) column holds
 * on both databases).</li>
 * </ul>
 */
final class GalleryNames {
    static final int MAX_LENGTH = 255;
    static final String USER_REFERENCE = "user_reference";
    static final String GROUP_NAME = "group_name";

    private GalleryNames() {
    }

    static String userReference(String name) {
        return canonical(name, USER_REFERENCE);
    }

    static String groupName(String name) {
        return canonical(name, GROUP_NAME);
    }

    /** A filter: absent stays absent, a given name follows the same rule as everywhere else. */
    static Optional<String> userReference(Optional<String> name) {
        return name.map(GalleryNames::userReference);
    }

    static List<String> groupNames(List<String> names) {
        return names.stream().map(GalleryNames::groupName).toList();
    }

    /** @return the name in NFC; refused with the parameter's name when it breaks the rule */
    static String canonical(String name, String parameter) {
        if (name == null || name.codePoints().allMatch(GalleryNames::blank)) {
            throw new RequestRefusedException(Refusal.MISSING_PARAMETER);
        }
        String normalised = Normalizer.normalize(name, Normalizer.Form.NFC);
        if (blank(normalised.codePointAt(0)) || blank(normalised.codePointBefore(normalised.length()))
                || normalised.codePoints().anyMatch(GalleryNames::forbidden)) {
            throw new RequestRefusedException(Refusal.PARAMETER_MALFORMED, parameter);
        }
        if (normalised.length() > MAX_LENGTH) {
            throw new RequestRefusedException(Refusal.PARAMETER_TOO_LONG, parameter, MAX_LENGTH);
        }
        return normalised;
    }

    /** White space in Java's sense or a Unicode space separator (no-break spaces included). */
    private static boolean blank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    private static boolean forbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.SURROGATE;
    }
}
