package io.pawkeep.clinical;

import io.pawkeep.clinical.ControlledLog.Administration;
import io.pawkeep.clinical.ControlledLog.Balance;
import io.pawkeep.crypto.FieldCipher;
import io.pawkeep.web.Instants;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.Seek;
import io.pawkeep.web.SortKey;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for prescriptions, balances and the administration log; row-level security backs it. */
@Repository
class PrescriptionRepository {

  static final String TABLE = "prescriptions";
  static final String LOG_TABLE = "controlled_administrations";

  /** A stored prescription; {@code dea} is the sealed number. */
  record Stored(
      UUID id,
      UUID businessId,
      UUID householdId,
      UUID petId,
      String drug,
      String schedule,
      BigDecimal quantity,
      String unit,
      String directions,
      byte[] dea,
      String deaMasked,
      UUID prescribedBy,
      Instant prescribedAt,
      Instant locksAt) {}

  private static final String COLUMNS =
      "id, business_id, household_id, pet_id, drug, schedule, quantity, unit, directions,"
          + " prescriber_dea, prescriber_dea_masked, prescribed_by, prescribed_at, locks_at";

  private final JdbcClient jdbc;
  private final FieldCipher cipher;

  PrescriptionRepository(JdbcClient jdbc, FieldCipher cipher) {
    this.jdbc = jdbc;
    this.cipher = cipher;
  }

  /** Inserts the prescription, sealing the DEA number with the business's key. */
  void insert(Stored p, String dea) {
    jdbc.sql(
            "insert into prescriptions ("
                + COLUMNS
                + ") values (:id, :businessId, :householdId, :petId, :drug, :schedule, :quantity,"
                + " :unit, :directions, :dea, :deaMasked, :prescribedBy, :prescribedAt, :locksAt)")
        .param("id", p.id())
        .param("businessId", p.businessId())
        .param("householdId", p.householdId())
        .param("petId", p.petId())
        .param("drug", p.drug())
        .param("schedule", p.schedule())
        .param("quantity", p.quantity())
        .param("unit", p.unit())
        .param("directions", p.directions())
        .param("dea", cipher.encryptText(p.businessId(), TABLE, "prescriber_dea", p.id(), dea))
        .param("deaMasked", p.deaMasked())
        .param("prescribedBy", p.prescribedBy())
        .param("prescribedAt", Instants.timestamp(p.prescribedAt()))
        .param("locksAt", Instants.timestamp(p.locksAt()))
        .update();
  }

  String openDea(Stored p) {
    return cipher.decryptText(p.businessId(), TABLE, "prescriber_dea", p.id(), p.dea());
  }

  /** One page of the pet's prescriptions, newest first, one row beyond the page (HARD-8). */
  List<Stored> ofPet(UUID petId, UUID householdId, PageRequest page) {
    Seek after =
        page.seek(SortKey.descending(SortKey.instant("prescribed_at"), SortKey.uuid("id")));
    return jdbc.sql(
            "select "
                + COLUMNS
                + " from prescriptions where pet_id = :petId and household_id = :householdId"
                + after.and()
                + " order by prescribed_at desc, id desc limit :fetch")
        .param("petId", petId)
        .param("householdId", householdId)
        .params(after.params())
        .query((rs, n) -> stored(rs))
        .list();
  }

  Optional<Stored> find(UUID id) {
    return jdbc.sql("select " + COLUMNS + " from prescriptions where id = :id")
        .param("id", id)
        .query((rs, n) -> stored(rs))
        .optional();
  }

  /** Businesses the caller owns (with the second factor their business requires). */
  Set<UUID> ownedBusinesses() {
    return jdbc.sql("select pawkeep_my_owned_businesses()")
        .query(
            rs -> {
              rs.next();
              Array array = rs.getArray(1);
              return array == null ? Set.<UUID>of() : Set.of((UUID[]) array.getArray());
            });
  }

  /** Whether the caller is a platform admin signed in with the second factor. */
  boolean platformAdmin() {
    return jdbc.sql("select pawkeep_is_platform_admin()").query(Boolean.class).single();
  }

  /** Adds dispensed quantity to the running balance. */
  void dispense(Stored p) {
    jdbc.sql(
            """
            insert into controlled_balances (business_id, household_id, drug, unit, balance)
            values (:businessId, :householdId, :drug, :unit, :quantity)
            on conflict (business_id, household_id, drug, unit)
            do update set balance = controlled_balances.balance + excluded.balance
            """)
        .param("businessId", p.businessId())
        .param("householdId", p.householdId())
        .param("drug", p.drug())
        .param("unit", p.unit())
        .param("quantity", p.quantity())
        .update();
  }

  /** The balance, its row locked until the transaction ends. */
  Optional<BigDecimal> lockBalance(Stored p) {
    return jdbc.sql(
            """
            select balance from controlled_balances
             where business_id = :businessId and household_id = :householdId and drug = :drug
               and unit = :unit for update
            """)
        .param("businessId", p.businessId())
        .param("householdId", p.householdId())
        .param("drug", p.drug())
        .param("unit", p.unit())
        .query(BigDecimal.class)
        .optional();
  }

  void setBalance(Stored p, BigDecimal balance) {
    jdbc.sql(
            """
            update controlled_balances set balance = :balance
             where business_id = :businessId and household_id = :householdId and drug = :drug
               and unit = :unit
            """)
        .param("balance", balance)
        .param("businessId", p.businessId())
        .param("householdId", p.householdId())
        .param("drug", p.drug())
        .param("unit", p.unit())
        .update();
  }

  void insertAdministration(Stored p, Administration a) {
    jdbc.sql(
            """
            insert into controlled_administrations (id, business_id, prescription_id,
                household_id, pet_id, drug, unit, quantity, given_at, notes, balance_after,
                administered_by, recorded_at)
            values (:id, :businessId, :prescriptionId, :householdId, :petId, :drug, :unit,
                :quantity, :givenAt, :notes, :balanceAfter, :administeredBy, :recordedAt)
            """)
        .param("id", a.id())
        .param("businessId", p.businessId())
        .param("prescriptionId", p.id())
        .param("householdId", p.householdId())
        .param("petId", p.petId())
        .param("drug", p.drug())
        .param("unit", p.unit())
        .param("quantity", a.quantity())
        .param("givenAt", Instants.timestamp(a.givenAt()))
        .param("notes", cipher.encryptText(p.businessId(), LOG_TABLE, "notes", a.id(), a.notes()))
        .param("balanceAfter", a.balanceAfter())
        .param("administeredBy", a.administeredBy())
        .param("recordedAt", Instants.timestamp(a.recordedAt()))
        .update();
  }

  /** One page of the administration log, newest first, one row beyond the page (HARD-8). */
  List<Administration> log(UUID businessId, PageRequest page) {
    Seek after = page.seek(SortKey.descending(SortKey.instant("recorded_at"), SortKey.uuid("id")));
    return jdbc.sql(
            """
            select id, prescription_id, household_id, pet_id, drug, unit, quantity, given_at,
                   notes, balance_after, administered_by, recorded_at
              from controlled_administrations where business_id = :businessId"""
                + after.and()
                + " order by recorded_at desc, id desc limit :fetch")
        .param("businessId", businessId)
        .params(after.params())
        .query(
            (rs, n) -> {
              UUID id = rs.getObject("id", UUID.class);
              return new Administration(
                  id,
                  rs.getObject("prescription_id", UUID.class),
                  rs.getObject("household_id", UUID.class),
                  rs.getObject("pet_id", UUID.class),
                  rs.getString("drug"),
                  rs.getString("unit"),
                  rs.getBigDecimal("quantity"),
                  Instants.from(rs, "given_at"),
                  cipher.decryptText(businessId, LOG_TABLE, "notes", id, rs.getBytes("notes")),
                  rs.getBigDecimal("balance_after"),
                  rs.getObject("administered_by", UUID.class),
                  Instants.from(rs, "recorded_at"));
            })
        .list();
  }

  /** One page of the balances by (household, drug, unit), one row beyond the page (HARD-8). */
  List<Balance> balances(UUID businessId, PageRequest page) {
    Seek after =
        page.seek(
            SortKey.ascending(
                SortKey.uuid("household_id"), SortKey.text("drug"), SortKey.text("unit")));
    return jdbc.sql(
            "select household_id, drug, unit, balance from controlled_balances"
                + " where business_id = :businessId"
                + after.and()
                + " order by household_id, drug, unit limit :fetch")
        .param("businessId", businessId)
        .params(after.params())
        .query(
            (rs, n) ->
                new Balance(
                    rs.getObject("household_id", UUID.class),
                    rs.getString("drug"),
                    rs.getString("unit"),
                    rs.getBigDecimal("balance")))
        .list();
  }

  /**
   * The household's running balances at the business, by drug and unit: a handful of rows, read as
   * the balances' row-level security allows (medical.write, controlled.administer or
   * controlled.log.read holders of the business).
   */
  List<Balance> balancesOfHousehold(UUID businessId, UUID householdId) {
    return jdbc.sql(
            "select household_id, drug, unit, balance from controlled_balances"
                + " where business_id = :businessId and household_id = :householdId"
                + " order by drug, unit")
        .param("businessId", businessId)
        .param("householdId", householdId)
        .query(
            (rs, n) ->
                new Balance(
                    rs.getObject("household_id", UUID.class),
                    rs.getString("drug"),
                    rs.getString("unit"),
                    rs.getBigDecimal("balance")))
        .list();
  }

  private static Stored stored(ResultSet rs) throws SQLException {
    return new Stored(
        rs.getObject("id", UUID.class),
        rs.getObject("business_id", UUID.class),
        rs.getObject("household_id", UUID.class),
        rs.getObject("pet_id", UUID.class),
        rs.getString("drug"),
        rs.getString("schedule"),
        rs.getBigDecimal("quantity"),
        rs.getString("unit"),
        rs.getString("directions"),
        rs.getBytes("prescriber_dea"),
        rs.getString("prescriber_dea_masked"),
        rs.getObject("prescribed_by", UUID.class),
        Instants.from(rs, "prescribed_at"),
        Instants.from(rs, "locks_at"));
  }
}
