package io.visage.rest.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;

import io.visage.rest.internal.wire.Answer;
import io.visage.rest.internal.wire.Status;

/** The seed's value formats, and answers whose body status is also the HTTP status. */
final class Json {
    /** RFC 1123 as the seed prints it: two-digit day, always GMT ("Thu, 05 Sep 2019 20:02:11 GMT"). */
    private static final DateTimeFormatter SEED_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private Json() {
    }

    static String date(Instant instant) {
        return SEED_DATE.format(instant);
    }

    /** Scores and thresholds as the seed formats them: a string with four decimals. */
    static String score(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** A response whose body status is also the HTTP status. */
    static Response respond(Answer body) {
        return Response.status(body.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    static Response error(int status, String message) {
        return respond(new Status(status, message));
    }
}
