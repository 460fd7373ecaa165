package io.visage.api.tenant;

import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.RequestRefusedException;

/** Authenticates API requests and lets operators administer API users. */
@ProviderType
public interface ApiUserService {

    /**
     * Checks a request's credentials for an endpoint family.
     *
     * @throws RequestRefusedException for MISSING_PARAMETER, API_USER_UNKNOWN, API_USER_DISABLED,
     *     ROLE_NOT_GRANTED or INVALID_CREDENTIALS
     */
    ApiUser authenticate(String apiUser, String apiKey, EndpointFamily family);

    /**
     * Checks a request's credentials, counting failures against the API user and the client's address: over
     * the configured budget, the request is refused before its key is looked at.
     *
     * @param clientAddress the address the request came from (as the HTTP layer sees it), or null if unknown
     * @throws AuthenticationThrottledException when the API user or the address has failed too often lately
     * @throws RequestRefusedException as {@link #authenticate(String, String, EndpointFamily)}
     */
    default ApiUser authenticate(String apiUser, String apiKey, EndpointFamily family, String clientAddress) {
        return authenticate(apiUser, apiKey, family);
    }

    /** Creates an API user with a generated key. @throws IllegalArgumentException if the name is taken or invalid */
    IssuedKey add(String name, Set<EndpointFamily> roles);

    List<ApiUser> list();

    /** @return false if there was no such user */
    boolean remove(String name);

    /** Replaces the key; the old one stops working at once. */
    IssuedKey rotateKey(String name);

    ApiUser setEnabled(String name, boolean enabled);

    ApiUser setRoles(String name, Set<EndpointFamily> roles);
}
