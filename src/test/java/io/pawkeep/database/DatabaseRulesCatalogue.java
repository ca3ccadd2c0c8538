package io.pawkeep.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders the rules a database enforces into one deterministic text: per relation of schema {@code
 * public} its row-level security flags, grants (table and column), policies and triggers; then
 * every function of {@code public} (except those of extensions) with its full definition and who
 * may execute it. Only catalogue reads, which any role may make; no OIDs, owners' names other than
 * the fixed roles, or times, so the text is the same on every machine.
 */
final class DatabaseRulesCatalogue {

  static final String HEADER =
      """
      # The database's rules as they are after every migration: row-level security, grants,
      # policies, triggers and functions of schema public. Written by
      # database/DatabaseRulesCatalogueTests from a migrated database; never edit it by hand:
      # change the SQL in src/main/resources/db/migration/R__*.sql (rules) or a new versioned
      # migration (tables, columns, grants), then regenerate this file (see that test).
      """;

  // Relations of public made by migrations (Flyway's own history table is not a rule).
  private static final String RELATIONS =
      """
      select c.relname,
             case c.relkind when 'r' then 'table' when 'p' then 'table' when 'v' then 'view'
                            when 'm' then 'materialized view' when 'S' then 'sequence'
                            else c.relkind::text end as kind,
             c.relrowsecurity, c.relforcerowsecurity,
             case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end as partition_key
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'S')
         and not c.relispartition
         and c.relname <> 'flyway_schema_history'
         and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_class'::regclass and d.objid = c.oid
                            and d.deptype = 'e')
       order by c.relname
      """;

  // The partitions of a partitioned table: named by month, so not listed one by one (the list
  // grows every month); what every one of them must be is counted instead.
  private static final String PARTITIONS =
      """
      select coalesce(string_agg(p.relname, ', ')
                        filter (where pg_get_expr(p.relpartbound, p.oid) = 'DEFAULT'), 'none'),
             count(*) filter (where not (p.relrowsecurity and p.relforcerowsecurity)),
             count(*) filter (where exists (select 1 from pg_policy y where y.polrelid = p.oid)),
             count(*) filter (where exists (select 1
                                              from aclexplode(coalesce(p.relacl, acldefault(
                                                     'r', p.relowner))) a
                                             where a.grantee <> p.relowner))
        from pg_inherits i join pg_class p on p.oid = i.inhrelid
       where i.inhparent = (select c.oid from pg_class c join pg_namespace n
                                on n.oid = c.relnamespace
                             where n.nspname = 'public' and c.relname = ?)
      """;

  private static final String TABLE_GRANTS =
      """
      select case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee) end as grantee,
             string_agg(lower(a.privilege_type)
                        || case when a.is_grantable then ' with grant option' else '' end,
                        ', ' order by lower(a.privilege_type)) as privileges
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
       cross join lateral aclexplode(coalesce(c.relacl, acldefault(
                    case when c.relkind = 'S' then 's' else 'r' end::"char", c.relowner))) a
       where n.nspname = 'public' and c.relname = ?
       group by 1
       order by 1
      """;

  private static final String COLUMN_GRANTS =
      """
      select case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee) end as grantee,
             lower(a.privilege_type) as privilege,
             string_agg(t.attname || case when a.is_grantable then ' with grant option' else '' end,
                        ', ' order by t.attname) as columns
        from pg_class c join pg_namespace n on n.oid = c.relnamespace
        join pg_attribute t on t.attrelid = c.oid and t.attnum > 0 and not t.attisdropped
       cross join lateral aclexplode(t.attacl) a
       where n.nspname = 'public' and c.relname = ?
       group by 1, 2
       order by 1, 2
      """;

  private static final String POLICIES =
      """
      select policyname, permissive, cmd,
             array_to_string(array(select r from unnest(roles) r order by r), ', ') as roles,
             qual, with_check
        from pg_policies
       where schemaname = 'public' and tablename = ?
       order by policyname
      """;

  private static final String TRIGGERS =
      """
      select t.tgname, t.tgenabled, pg_get_triggerdef(t.oid) as definition
        from pg_trigger t join pg_class c on c.oid = t.tgrelid
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relname = ? and not t.tgisinternal
       order by t.tgname
      """;

  // Every function of public but those an extension (btree_gist) brought.
  private static final String FUNCTIONS =
      """
      select p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as signature,
             pg_get_functiondef(p.oid) as definition,
             (select string_agg(case when a.grantee = 0 then 'PUBLIC'
                                     else pg_get_userbyid(a.grantee) end
                                || case when a.is_grantable then ' with grant option' else '' end,
                                ', ' order by case when a.grantee = 0 then 'PUBLIC'
                                                   else pg_get_userbyid(a.grantee) end)
                from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
               where a.privilege_type = 'EXECUTE') as execute
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
       where n.nspname = 'public' and p.prokind in ('f', 'p')
         and not exists (select 1 from pg_depend d
                          where d.classid = 'pg_proc'::regclass and d.objid = p.oid
                            and d.deptype = 'e')
       order by 1
      """;

  private DatabaseRulesCatalogue() {}

  /** The catalogue of the database {@code c} is connected to. */
  static String render(Connection c) throws SQLException {
    StringBuilder out = new StringBuilder(HEADER);
    for (List<String> relation : rows(c, RELATIONS)) {
      String name = relation.get(0);
      out.append('\n').append(relation.get(1)).append(' ').append(name);
      if (relation.get(1).equals("table")) {
        out.append("  row level security: ")
            .append(flag(relation.get(2), "enabled", "disabled"))
            .append(", ")
            .append(flag(relation.get(3), "forced", "not forced"));
      }
      out.append('\n');
      if (relation.get(4) != null) {
        List<String> parts = rows(c, PARTITIONS, name).get(0);
        out.append("  partitioned by ")
            .append(relation.get(4))
            .append(", one partition a month and the default ")
            .append(parts.get(0))
            .append("; partitions without forced row level security: ")
            .append(parts.get(1))
            .append(", with a policy: ")
            .append(parts.get(2))
            .append(", granted to another role: ")
            .append(parts.get(3))
            .append('\n');
      }
      for (List<String> grant : rows(c, TABLE_GRANTS, name)) {
        out.append("  grant to ").append(grant.get(0)).append(": ").append(grant.get(1));
        out.append('\n');
      }
      for (List<String> grant : rows(c, COLUMN_GRANTS, name)) {
        out.append("  grant to ")
            .append(grant.get(0))
            .append(": ")
            .append(grant.get(1))
            .append(" (")
            .append(grant.get(2))
            .append(")\n");
      }
      for (List<String> policy : rows(c, POLICIES, name)) {
        out.append("  policy ")
            .append(policy.get(0))
            .append(": ")
            .append(policy.get(1).toLowerCase(java.util.Locale.ROOT))
            .append(" for ")
            .append(policy.get(2).toLowerCase(java.util.Locale.ROOT))
            .append(" to ")
            .append(policy.get(3))
            .append('\n');
        if (policy.get(4) != null) {
          out.append("    using ").append(indented(policy.get(4))).append('\n');
        }
        if (policy.get(5) != null) {
          out.append("    with check ").append(indented(policy.get(5))).append('\n');
        }
      }
      for (List<String> trigger : rows(c, TRIGGERS, name)) {
        out.append("  trigger ")
            .append(trigger.get(0))
            .append(trigger.get(1).equals("O") ? "" : " (enabled: " + trigger.get(1) + ")")
            .append(": ")
            .append(indented(trigger.get(2)))
            .append('\n');
      }
    }
    for (List<String> function : rows(c, FUNCTIONS)) {
      out.append("\nfunction ")
          .append(function.get(0))
          .append("\n  execute: ")
          .append(function.get(2) == null ? "nobody but superusers" : function.get(2))
          .append('\n')
          .append(function.get(1).stripTrailing())
          .append('\n');
    }
    return out.toString();
  }

  private static String flag(String value, String yes, String no) {
    return "t".equals(value) || "true".equals(value) ? yes : no;
  }

  private static String indented(String text) {
    return text.strip().replace("\n", "\n      ");
  }

  private static List<List<String>> rows(Connection c, String sql, String... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        ps.setString(i + 1, params[i]);
      }
      List<List<String>> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          List<String> row = new ArrayList<>(columns);
          for (int i = 1; i <= columns; i++) {
            row.add(rs.getString(i));
          }
          rows.add(row);
        }
      }
      return rows;
    }
  }
}
