package io.pawkeep.businesses;

import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for businesses and the caller's membership; row-level security backs every statement. */
@Repository
class BusinessRepository {

  // The caller is a member of the staff, or an API key of the business (its role then reads
  // "api_key", and the database reduces its permissions to the key's scope).
  private static final String VIEW =
      """
      select b.id, b.kind, b.name, b.require_second_factor,
             coalesce(s.role, 'api_key') as role, b.created_at,
             pawkeep_business_permissions(b.id) as permissions
        from businesses b left join business_staff s on s.business_id = b.id and s.user_id = :userId
       where (s.user_id is not null or b.id = pawkeep_api_key_business())
      """;

  private final JdbcClient jdbc;

  BusinessRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(UUID id, String kind, String name, UUID creator, Instant now) {
    jdbc.sql(
            "insert into businesses (id, kind, name, created_at, created_by)"
                + " values (:id, :kind, :name, :now, :creator)")
        .param("id", id)
        .param("kind", kind)
        .param("name", name)
        .param("now", Instants.timestamp(now))
        .param("creator", creator)
        .update();
    boolean joined =
        jdbc.sql("select pawkeep_join_new_business(:id, :now)")
            .param("id", id)
            .param("now", Instants.timestamp(now))
            .query(Boolean.class)
            .single();
    if (!joined) {
      throw new IllegalStateException("the creator could not join a new business");
    }
  }

  /** One page of the caller's businesses, oldest first, one row beyond the page (HARD-8). */
  List<BusinessView> listMine(UUID userId, PageRequest page) {
    Seek after =
        page.seek(SortKey.ascending(SortKey.instant("b.created_at"), SortKey.uuid("b.id")));
    return jdbc.sql(VIEW + after.and() + " order by b.created_at, b.id limit :fetch")
        .param("userId", userId)
        .params(after.params())
        .query((rs, n) -> view(rs))
        .list();
  }

  Optional<BusinessView> find(UUID id, UUID userId) {
    return jdbc.sql(VIEW + " and b.id = :id")
        .param("userId", userId)
        .param("id", id)
        .query((rs, n) -> view(rs))
        .optional();
  }

  /**
   * The caller's membership, read afresh in this transaction; empty when not on the staff. An API
   * key is a member of its own business only, with the role "api_key".
   */
  Optional<Membership> membership(UUID id, UUID userId) {
    return jdbc.sql(
            """
            select coalesce(s.role, 'api_key') as role,
                   coalesce(b.require_second_factor and r.needs_second_factor
                              and not pawkeep_session_mfa(), false) as second_factor_missing,
                   pawkeep_business_permissions(b.id) as permissions
              from businesses b
              left join business_staff s on s.business_id = b.id and s.user_id = :userId
              left join business_roles r on r.name = s.role
             where b.id = :id
               and (s.user_id is not null or b.id = pawkeep_api_key_business())
            """)
        .param("userId", userId)
        .param("id", id)
        .query(
            (rs, n) ->
                new Membership(
                    rs.getString("role"),
                    rs.getBoolean("second_factor_missing"),
                    Set.copyOf(texts(rs.getArray("permissions")))))
        .optional();
  }

  void update(UUID id, String name, Boolean requireSecondFactor) {
    jdbc.sql(
            """
            update businesses set name = coalesce(:name, name),
                   require_second_factor = coalesce(:requireSecondFactor, require_second_factor)
             where id = :id
            """)
        .param("name", name)
        .param("requireSecondFactor", requireSecondFactor)
        .param("id", id)
        .update();
  }

  /** The permission catalogue: name to whether it is sensitive. */
  Map<String, Boolean> permissionCatalogue() {
    return jdbc
        .sql("select name, sensitive from business_permissions")
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getBoolean(2)))
        .list()
        .stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** Role names to whether they may hold sensitive permissions. */
  Map<String, Boolean> roles() {
    return jdbc
        .sql("select name, sensitive_allowed from business_roles")
        .query((rs, n) -> Map.entry(rs.getString(1), rs.getBoolean(2)))
        .list()
        .stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /**
   * What a role carries with these overrides ({@code true} grant, {@code false} revoke, {@code
   * null} ignored), computed by the database's one definition (AUTHZ-2, AUTHZ-9).
   */
  Set<String> rolePermissions(String role, Map<String, Boolean> overrides) {
    List<String> grants = new ArrayList<>();
    List<String> revokes = new ArrayList<>();
    overrides.forEach(
        (permission, granted) -> {
          if (granted != null) {
            (granted ? grants : revokes).add(permission);
          }
        });
    return jdbc.sql(
            "select pawkeep_role_permissions("
                + ":role, cast(:grants as text[]), cast(:revokes as text[]))")
        .param("role", role)
        .param("grants", grants.toArray(String[]::new))
        .param("revokes", revokes.toArray(String[]::new))
        .query((rs, n) -> Set.copyOf(texts(rs.getArray(1))))
        .single();
  }

  private static BusinessView view(ResultSet rs) throws SQLException {
    return new BusinessView(
        rs.getObject("id", UUID.class),
        rs.getString("kind"),
        rs.getString("name"),
        rs.getBoolean("require_second_factor"),
        rs.getString("role"),
        texts(rs.getArray("permissions")),
        Instants.from(rs, "created_at"));
  }

  static List<String> texts(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
