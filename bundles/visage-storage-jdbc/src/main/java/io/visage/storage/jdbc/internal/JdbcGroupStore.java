package io.visage.storage.jdbc.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.visage.api.index.GroupMembership;
import io.visage.api.storage.DuplicateException;
import io.visage.api.storage.GalleryChange;
import io.visage.api.storage.GroupStore;

/** Groups and memberships in {@code user_groups} and {@code user_group_members}. */
@Component(service = GroupStore.class)
public final class JdbcGroupStore implements GroupStore {
    private final Jdbc jdbc;

    @Activate
    public JdbcGroupStore(@Reference ConnectionSource connections) {
        this.jdbc = new Jdbc(connections);
    }

    @Override
    public boolean create(long tenantId, String groupName) {
        try {
            return jdbc.inTransaction("group " + groupName, c -> {
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO user_groups (tenant_id, name, created_ms) VALUES (?, ?, ?)")) {
                    ps.setLong(1, tenantId);
                    ps.setString(2, groupName);
                    ps.setLong(3, System.currentTimeMillis());
                    return ps.executeUpdate() == 1;
                }
            });
        } catch (DuplicateException e) {
            return false;
        }
    }

    @Override
    public boolean exists(long tenantId, String groupName) {
        return jdbc.inTransaction("find group", c -> groupId(c, tenantId, groupName).isPresent());
    }

    @Override
    public List<String> names(long tenantId) {
        return jdbc.inTransaction("list groups", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT name FROM user_groups WHERE tenant_id = ? ORDER BY name")) {
                ps.setLong(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<String> names = new ArrayList<>();
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                    return names;
                }
            }
        });
    }

    @Override
    public boolean delete(long tenantId, String groupName) {
        return jdbc.inTransaction("delete group", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_groups WHERE tenant_id = ? AND name = ?")) {
                ps.setLong(1, tenantId);
                ps.setString(2, groupName);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            ChangeLog.record(c, tenantId, GalleryChange.Kind.GROUP, groupName);
            return true;
        });
    }

    @Override
    public boolean addMember(long tenantId, String groupName, String userReference) {
        return jdbc.inTransaction("add member", c -> {
            OptionalLong group = groupId(c, tenantId, groupName);
            OptionalLong user = JdbcGalleryStore.userId(c, tenantId, userReference);
            if (group.isEmpty() || user.isEmpty()) {
                throw new IllegalStateException("group or user missing; check before adding");
            }
            try (PreparedStatement check = c.prepareStatement(
                    "SELECT 1 FROM user_group_members WHERE group_id = ? AND user_id = ?")) {
                check.setLong(1, group.getAsLong());
                check.setLong(2, user.getAsLong());
                try (ResultSet rs = check.executeQuery()) {
                    if (rs.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO user_group_members (group_id, user_id) VALUES (?, ?)")) {
                ps.setLong(1, group.getAsLong());
                ps.setLong(2, user.getAsLong());
                ps.executeUpdate();
            }
            ChangeLog.record(c, tenantId, GalleryChange.Kind.USER, userReference);
            return true;
        });
    }

    @Override
    public boolean removeMember(long tenantId, String groupName, String userReference) {
        return jdbc.inTransaction("remove member", c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_group_members WHERE group_id = "
                    + "(SELECT id FROM user_groups WHERE tenant_id = ? AND name = ?) AND user_id = "
                    + "(SELECT id FROM gallery_users WHERE tenant_id = ? AND user_reference = ?)")) {
                ps.setLong(1, tenantId);
                ps.setString(2, groupName);
                ps.setLong(3, tenantId);
                ps.setString(4, userReference);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            ChangeLog.record(c, tenantId, GalleryChange.Kind.USER, userReference);
            return true;
        });
    }

    @Override
    public Map<String, List<String>> members(long tenantId) {
        return jdbc.inTransaction("list members", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT g.name, u.user_reference FROM user_groups g "
                    + "LEFT JOIN user_group_members m ON m.group_id = g.id LEFT JOIN gallery_users u ON u.id = m.user_id "
                    + "WHERE g.tenant_id = ? ORDER BY g.name, u.user_reference")) {
                ps.setLong(1, tenantId);
                try (ResultSet rs = ps.executeQuery()) {
                    Map<String, List<String>> members = new LinkedHashMap<>();
                    while (rs.next()) {
                        List<String> list = members.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                        if (rs.getString(2) != null) {
                            list.add(rs.getString(2));
                        }
                    }
                    return members;
                }
            }
        });
    }

    @Override
    public List<GroupMembership> allMemberships() {
        return jdbc.inTransaction("read memberships", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT g.tenant_id, u.user_reference, g.name FROM "
                    + "user_group_members m JOIN user_groups g ON g.id = m.group_id JOIN gallery_users u ON "
                    + "u.id = m.user_id");
                    ResultSet rs = ps.executeQuery()) {
                List<GroupMembership> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(new GroupMembership(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
                return all;
            }
        });
    }

    private static OptionalLong groupId(Connection c, long tenantId, String groupName) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM user_groups WHERE tenant_id = ? AND name = ?")) {
            ps.setLong(1, tenantId);
            ps.setString(2, groupName);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }
}
