package io.pawkeep.audit;

import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.web.Instants;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the trail recorded in a window (PRIV-4, breach reports): counts per kind of record and
 * action, and the distinct actors, chains and accounts acted upon. It spans every tenant's chain,
 * so it reads as the schema owner, in one read-only snapshot; callers decide who may ask (the
 * breach report: operators, and the server's own command). The window is read through the BRIN
 * index on the events' time.
 */
@Component
public class AuditDigest {

  /** Events of one action on one kind of record, and how many distinct records. */
  public record Touch(String kind, String action, long events, long records) {}

  /**
   * The window's digest. Id lists hold at most the cap given; the counts are exact.
   *
   * @param chains distinct chains other than the platform's (households, businesses, accounts)
   * @param accounts distinct accounts acted upon: targets of kind {@code user} and account chains
   */
  public record Digest(
      long events,
      long addresses,
      List<Touch> touches,
      long actorCount,
      List<UUID> actors,
      long chainCount,
      List<UUID> chains,
      long accountCount,
      List<UUID> accounts) {}

  private static final String EVENTS =
      """
      with e as materialized (
        select chain_id, actor_id, action, target_type, target_id, ip_address
          from audit_events
         where occurred_at >= :from and occurred_at < :to
           and (cast(:actor as uuid) is null or actor_id = cast(:actor as uuid))
           and (cast(:account as uuid) is null
                or actor_id = cast(:account as uuid) or chain_id = cast(:account as uuid)
                or (target_type = 'user' and target_id = cast(:account as text)))
           and (cast(:address as text) is null or ip_address = cast(:address as text))),
      accounts as (
        select cast(target_id as uuid) as id from e
         where target_type = 'user'
           and target_id ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
      """;

  private final OwnerDatabase owner;

  AuditDigest(OwnerDatabase owner) {
    this.owner = owner;
  }

  /**
   * The events in [from, to), narrowed to those by {@code actor}, those by or about {@code account}
   * (its own chain, or naming it as the target), and those from {@code address}, each when not
   * null.
   */
  public Digest of(Instant from, Instant to, UUID actor, UUID account, String address, int cap) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("from", Instants.timestamp(from));
    params.put("to", Instants.timestamp(to));
    params.put("actor", actor == null ? null : actor.toString());
    params.put("account", account == null ? null : account.toString());
    params.put("address", address);
    params.put("platform", AuditEvent.PLATFORM_CHAIN);
    params.put("cap", cap);
    return owner.snapshot().execute(status -> read(owner.jdbc(), params));
  }

  private static Digest read(JdbcClient jdbc, Map<String, Object> params) {
    long[] totals =
        jdbc.sql(
                EVENTS
                    + """
                    select (select count(*) from e) as events,
                           (select count(distinct ip_address) from e) as addresses,
                           (select count(distinct actor_id) from e) as actors,
                           (select count(distinct chain_id) from e
                             where chain_id <> :platform) as chains,
                           (select count(distinct id) from accounts) as accounts
                    """)
            .params(params)
            .query(
                (rs, n) ->
                    new long[] {
                      rs.getLong("events"),
                      rs.getLong("addresses"),
                      rs.getLong("actors"),
                      rs.getLong("chains"),
                      rs.getLong("accounts")
                    })
            .single();
    List<Touch> touches =
        jdbc.sql(
                EVENTS
                    + """
                    select coalesce(target_type, '(none)') as kind, action,
                           count(*) as events, count(distinct target_id) as records
                      from e group by 1, 2 order by 1, 2
                    """)
            .params(params)
            .query(
                (rs, n) ->
                    new Touch(
                        rs.getString("kind"),
                        rs.getString("action"),
                        rs.getLong("events"),
                        rs.getLong("records")))
            .list();
    return new Digest(
        totals[0],
        totals[1],
        touches,
        totals[2],
        ids(jdbc, "select distinct actor_id as id from e where actor_id is not null", params),
        totals[3],
        ids(jdbc, "select distinct chain_id as id from e where chain_id <> :platform", params),
        totals[4],
        ids(jdbc, "select distinct id from accounts", params));
  }

  private static List<UUID> ids(JdbcClient jdbc, String select, Map<String, Object> params) {
    return jdbc.sql(EVENTS + "select id from (" + select + ") s order by id limit :cap")
        .params(params)
        .query((rs, n) -> rs.getObject("id", UUID.class))
        .list();
  }
}
