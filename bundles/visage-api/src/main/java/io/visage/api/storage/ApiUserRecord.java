package io.visage.api.storage;

import io.visage.api.tenant.ApiUser;

/** An API user as stored: the public part plus the encoded salted hash of its key. */
public record ApiUserRecord(ApiUser user, String keyHash) {
    @Override
    public String toString() {
        return "ApiUserRecord[user=" + user + ", keyHash=***]";
    }
}
