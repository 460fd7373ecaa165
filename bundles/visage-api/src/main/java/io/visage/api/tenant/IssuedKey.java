package io.visage.api.tenant;

/**
 * A freshly generated API key, handed out exactly once (on creation or rotation). Only a salted slow
 * hash of it is stored.
 */
public record IssuedKey(ApiUser user, String apiKey) {
    @Override
    public String toString() {
        // Keep the key out of accidental logging of this value.
        return "IssuedKey[user=" + user.name() + ", apiKey=***]";
    }
}
