package io.visage.rest.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import io.visage.api.history.HistoryQuery;

/**
 * Every parameter of one request, wherever the client put it: query string, url-encoded form or
 * multipart form (the seed uses all three, for every method). Empty values count as absent, as
 * Postman sends {@code ?match_key=&date_gte=} for parameters the user left blank.
 */
final class ApiRequest {
    static final String ATTRIBUTE = ApiRequest.class.getName();

    private final Map<String, List<String>> fields;
    private final Map<String, byte[]> files;

    ApiRequest(Map<String, List<String>> fields, Map<String, byte[]> files) {
        this.fields = Map.copyOf(fields);
        this.files = Map.copyOf(files);
    }

    Optional<String> text(String name) {
        return values(name).stream().filter(v -> !v.isEmpty()).findFirst();
    }

    /** Every non-empty value of a repeatable parameter, in the order sent. */
    List<String> values(String name) {
        return fields.getOrDefault(name, List.of()).stream().filter(v -> !v.isEmpty()).toList();
    }

    Optional<byte[]> file(String name) {
        return Optional.ofNullable(files.get(name));
    }

    /**
     * A required uploaded file. Sent as a text field instead of a file, it is the seed's "Image parameter
     * in wrong format."; absent or empty, its missing-parameter error.
     */
    byte[] requiredFile(String name) {
        byte[] content = files.get(name);
        if (content == null && text(name).isPresent()) {
            throw new ClientErrorException(400, "Image parameter in wrong format.");
        }
        if (content == null || content.length == 0) {
            throw new ClientErrorException(400, "Missing required parameter.");
        }
        return content;
    }

    /** The seed's history filters; {@code keyName} is detection_key or match_key, null where there is none. */
    HistoryQuery history(String keyName) {
        return new HistoryQuery(keyName == null ? Optional.empty() : text(keyName), text("user_reference"), timestamp("date_gte"), timestamp("date_lt"),
                positiveInt("limit"), text("type"));
    }

    /** A Unix timestamp in seconds, with the seed's error when it is not an integer. */
    Optional<Instant> timestamp(String name) {
        return text(name).map(value -> {
            try {
                return Instant.ofEpochSecond(Long.parseLong(value.trim()));
            } catch (NumberFormatException | java.time.DateTimeException e) {
                throw new ClientErrorException(400, "Parameter " + name + " must be an integer Unix timestamp.");
            }
        });
    }

    OptionalInt positiveInt(String name) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            int parsed = Integer.parseInt(value.get().trim());
            if (parsed > 0) {
                return OptionalInt.of(parsed);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ClientErrorException(400, "Parameter " + name + " must be a positive integer.");
    }

    /** true/false in any case; anything else is a 400 naming the parameter. */
    boolean flag(String name, boolean defaultValue) {
        Optional<String> value = text(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "true":
                return true;
            case "false":
                return false;
            default:
                throw new ClientErrorException(400, "Parameter " + name + " must be true or false.");
        }
    }
}
