package io.visage.api.gallery;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

import io.visage.api.history.HistoryQuery;
import io.visage.api.tenant.ApiUser;

/**
 * Gallery use cases as the REST layer calls them, always scoped to one tenant. Refusals are
 * {@link io.visage.api.RequestRefusedException}s or {@link io.visage.api.face.FaceException}s naming why;
 * a refused request changes nothing.
 */
@ProviderType
public interface GalleryService {

    List<GalleryUser> queryUsers(ApiUser tenant, UserQuery query);

    /** Registers a new user with its first face ("User ... already exists." when the reference is taken). */
    EnrolmentResult register(ApiUser tenant, EnrolmentRequest request);

    /** Adds a face to an existing user; never replaces ("User ... not found." otherwise). */
    EnrolmentResult update(ApiUser tenant, EnrolmentRequest request);

    /** Deletes the user with its faces, saved images and memberships; its log stays. */
    void delete(ApiUser tenant, String userReference);

    List<UserLog> userLogs(ApiUser tenant, HistoryQuery query);

    void createGroup(ApiUser tenant, String groupName);

    List<String> groups(ApiUser tenant);

    void deleteGroup(ApiUser tenant, String groupName);

    void addToGroup(ApiUser tenant, String groupName, String userReference);

    void removeFromGroup(ApiUser tenant, String groupName, String userReference);

    /** Group name to member references, groups in name order. */
    Map<String, List<String>> memberships(ApiUser tenant);

    GalleryMatch match(ApiUser tenant, MatchRequest request);

    List<GalleryMatch> matches(ApiUser tenant, HistoryQuery query);

    GalleryMatch idMatch(ApiUser tenant, IdMatchRequest request);

    List<GalleryMatch> idMatches(ApiUser tenant, HistoryQuery query);

    /** A saved image of the tenant; empty for another tenant's or an unknown key. */
    Optional<byte[]> image(ApiUser tenant, String imageKey);
}
