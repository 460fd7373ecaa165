package io.visage.shell.internal;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import io.visage.api.tenant.EndpointFamily;

/** Parses and prints role lists as operators type them: {@code gallery,id_match} or {@code all}. */
final class Roles {
    private Roles() {
    }

    static Set<EndpointFamily> parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("all")) {
            return EndpointFamily.all();
        }
        Set<EndpointFamily> roles = EnumSet.noneOf(EndpointFamily.class);
        for (String label : text.split(",")) {
            roles.add(EndpointFamily.fromLabel(label).orElseThrow(() -> new IllegalArgumentException(
                    "Unknown role '" + label.trim() + "'; roles are all or a comma-separated list of " + labels())));
        }
        return roles;
    }

    static String format(Set<EndpointFamily> roles) {
        return roles.stream().sorted().map(EndpointFamily::label).collect(Collectors.joining(","));
    }

    static String labels() {
        return format(EndpointFamily.all());
    }
}
