package io.visage.storage.jdbc.internal;

import java.util.ArrayList;
import java.util.List;

import io.visage.api.history.HistoryQuery;

/**
 * The WHERE/ORDER/FETCH clauses every history query shares, always starting from the tenant.
 * Column names are fixed by the caller, never taken from the request.
 */
final class HistorySql {
    final StringBuilder sql;
    final List<Object> args = new ArrayList<>();
    private final String alias;

    HistorySql(String select, long tenantId) {
        this(select, "", tenantId);
    }

    /** @param alias the main table's alias with its dot ("m."), for selects that join other tables */
    HistorySql(String select, String alias, long tenantId) {
        this.alias = alias;
        sql = new StringBuilder(select).append(" WHERE ").append(alias).append("tenant_id = ?");
        args.add(tenantId);
    }

    HistorySql equal(String column, java.util.Optional<?> value) {
        value.ifPresent(v -> {
            sql.append(" AND ").append(alias).append(column).append(" = ?");
            args.add(v);
        });
        return this;
    }

    /** Adds the date window on {@code created_ms}, ordering oldest first, and the limit. */
    HistorySql window(HistoryQuery query) {
        query.dateGte().ifPresent(t -> {
            sql.append(" AND ").append(alias).append("created_ms >= ?");
            args.add(t.toEpochMilli());
        });
        query.dateLt().ifPresent(t -> {
            sql.append(" AND ").append(alias).append("created_ms < ?");
            args.add(t.toEpochMilli());
        });
        sql.append(" ORDER BY ").append(alias).append("created_ms, ").append(alias).append("id");
        if (query.limit().isPresent()) {
            sql.append(" FETCH FIRST ? ROWS ONLY");
            args.add(query.limit().getAsInt());
        }
        return this;
    }

    void bind(java.sql.PreparedStatement ps) throws java.sql.SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }
}
