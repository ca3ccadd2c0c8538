package io.pawkeep.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a masked development database (PRIV-3) does with every column that can hold text or bytes:
 * the one place that says which columns are personal. {@code MaskingRulesTests} fails when the
 * schema has such a column this list does not classify, and the mask refuses to run then.
 */
final class MaskingRules {

  private MaskingRules() {}

  /** What happens to a column's values. */
  enum Kind {
    /** Not personal: kept (codes, states, currencies, kinds...). */
    KEEP,
    /** A person's name (consistent: the same name always gets the same fake). */
    FULL_NAME,
    /** An email (consistent, unique, at reserved example domains). */
    EMAIL,
    /** A business's name (consistent). */
    COMPANY,
    /** A pet's name. */
    PET_NAME,
    /** Free text a person typed: notes, instructions, reports, descriptions, reasons. */
    TEXT,
    /** A short label a person typed (a key's label, a service's or invoice line's name). */
    LABEL,
    /** A document's display name: a fake file name with the original's extension. */
    FILE_NAME,
    /** A care log payload: typed text replaced, the GPS pin and track dropped, the rest kept. */
    CARE_PAYLOAD,
    /** Sealed under a tenant key: a fake value sealed again under a development keyset. */
    SEALED,
    /** A password hash: the hash of the one development password. */
    PASSWORD_HASH,
    /** A provider's id (Stripe account, session, payment): a random one, same prefix. */
    PROVIDER_ID,
    /** A microchip number: random digits of the same length. */
    DIGITS,
    /** A household's name. */
    HOUSEHOLD,
    /** A pet's or a person's contact line (vet contact): fake name and phone. */
    CONTACT,
    /** A billing address block: fake name and address. */
    ADDRESS,
    /** A DEA number's masked form: recomputed from the fake number sealed beside it. */
    DEA_MASKED,
    /** The tenants' keysets: replaced by development keysets ({@code crypto/DevelopmentKeys}). */
    KEYSET,
    /** A second-factor seed: cleared and the second factor switched off. */
    SECOND_FACTOR,
  }

  /** Tables emptied outright: sessions, tokens, invitations, provider events, the audit trail. */
  static final Set<String> EMPTIED =
      Set.of(
          // Signing in and proving who one is: nothing of it may reach a developer's machine.
          "sessions",
          "refresh_tokens",
          "one_time_tokens",
          "recovery_codes",
          "api_keys",
          "household_invites",
          "business_staff_invites",
          "idempotency_keys",
          "rate_limit_buckets",
          "login_failures",
          // Stripe's events hold its ids and the people's billing details.
          "stripe_events",
          // The audit trail is dropped, not copied: its details name people and addresses, and a
          // copied chain would vouch for events that never happened in this database (LOG-2).
          "audit_events",
          "audit_event_keys",
          "audit_chain_heads",
          "audit_checkpoints",
          "audit_retention_cuts",
          "access_secret_reveals",
          "watch_sign_ins",
          "watch_activity",
          "watch_alerts",
          // Which node holds a scheduled job's lock: host names, and nothing to keep.
          "shedlock",
          // The access-token signing keys (SESS-1): a developer's copy makes its own at start.
          "signing_keys");

  /** table.column to what the mask does with it. */
  static final Map<String, Kind> COLUMNS =
      Map.ofEntries(
          Map.entry("access_secrets.access_notes", Kind.SEALED),
          Map.entry("access_secrets.alarm_code", Kind.SEALED),
          Map.entry("access_secrets.key_location", Kind.SEALED),
          Map.entry("access_secrets.lockbox_code", Kind.SEALED),
          Map.entry("access_secrets.wifi_name", Kind.SEALED),
          Map.entry("access_secrets.wifi_password", Kind.SEALED),
          Map.entry("booking_transitions.from_status", Kind.KEEP),
          Map.entry("booking_transitions.to_status", Kind.KEEP),
          Map.entry("bookings.cancel_reason", Kind.TEXT),
          Map.entry("bookings.notes", Kind.TEXT),
          Map.entry("bookings.pet_ids", Kind.KEEP),
          Map.entry("bookings.status", Kind.KEEP),
          Map.entry("business_clients.status", Kind.KEEP),
          Map.entry("business_permissions.name", Kind.KEEP),
          Map.entry("business_role_permissions.permission", Kind.KEEP),
          Map.entry("business_role_permissions.role", Kind.KEEP),
          Map.entry("business_roles.name", Kind.KEEP),
          Map.entry("business_services.currency", Kind.KEEP),
          Map.entry("business_services.kind", Kind.KEEP),
          Map.entry("business_services.name", Kind.LABEL),
          Map.entry("business_staff.role", Kind.KEEP),
          Map.entry("business_staff_permissions.permission", Kind.KEEP),
          Map.entry("businesses.kind", Kind.KEEP),
          Map.entry("businesses.name", Kind.COMPANY),
          Map.entry("care_actions.kind", Kind.KEEP),
          Map.entry("care_actions.payload", Kind.CARE_PAYLOAD),
          Map.entry("checkout_attempts.account_id", Kind.PROVIDER_ID),
          Map.entry("checkout_attempts.currency", Kind.KEEP),
          Map.entry("checkout_attempts.session_id", Kind.PROVIDER_ID),
          Map.entry("checkout_attempts.state", Kind.KEEP),
          Map.entry("controlled_administrations.drug", Kind.KEEP),
          Map.entry("controlled_administrations.notes", Kind.SEALED),
          Map.entry("controlled_administrations.unit", Kind.KEEP),
          Map.entry("controlled_balances.drug", Kind.KEEP),
          Map.entry("controlled_balances.unit", Kind.KEEP),
          Map.entry("documents.business_name", Kind.COMPANY),
          Map.entry("documents.content_type", Kind.KEEP),
          Map.entry("documents.file_key", Kind.SEALED),
          Map.entry("documents.kind", Kind.KEEP),
          Map.entry("documents.name", Kind.FILE_NAME),
          Map.entry("documents.place", Kind.KEEP),
          Map.entry("documents.thumbnail_key", Kind.SEALED),
          Map.entry("documents.uploaded_by_name", Kind.FULL_NAME),
          Map.entry("household_address_notes.note", Kind.SEALED),
          Map.entry("household_keys.label", Kind.LABEL),
          Map.entry("household_members.role", Kind.KEEP),
          Map.entry("households.name", Kind.HOUSEHOLD),
          Map.entry("invoice_lines.description", Kind.LABEL),
          Map.entry("invoice_lines.kind", Kind.KEEP),
          Map.entry("invoice_transitions.from_state", Kind.KEEP),
          Map.entry("invoice_transitions.to_state", Kind.KEEP),
          Map.entry("invoices.bill_to", Kind.ADDRESS),
          Map.entry("invoices.dispute", Kind.KEEP),
          Map.entry("invoices.currency", Kind.KEEP),
          Map.entry("invoices.state", Kind.KEEP),
          Map.entry("invoices.void_reason", Kind.TEXT),
          Map.entry("key_handovers.holder_name", Kind.FULL_NAME),
          Map.entry("disputes.currency", Kind.KEEP),
          Map.entry("disputes.dispute_id", Kind.PROVIDER_ID),
          Map.entry("disputes.payment_intent_id", Kind.PROVIDER_ID),
          Map.entry("disputes.status", Kind.KEEP),
          Map.entry("refunds.currency", Kind.KEEP),
          Map.entry("refunds.payment_intent_id", Kind.PROVIDER_ID),
          // Stripe's own reasons (duplicate, fraudulent, requested_by_customer), never typed text.
          Map.entry("refunds.reason", Kind.KEEP),
          Map.entry("refunds.refund_id", Kind.PROVIDER_ID),
          // A digest of the Idempotency-Key that asked for the refund: opaque, kept for uniqueness.
          Map.entry("refunds.request_key", Kind.KEEP),
          Map.entry("refunds.status", Kind.KEEP),
          Map.entry("payments.currency", Kind.KEEP),
          Map.entry("payments.outcome", Kind.KEEP),
          Map.entry("payments.payment_intent_id", Kind.PROVIDER_ID),
          Map.entry("pet_care_instructions.behaviour", Kind.TEXT),
          Map.entry("pet_care_instructions.feeding", Kind.TEXT),
          Map.entry("pet_care_instructions.medical_notes", Kind.SEALED),
          Map.entry("pet_care_instructions.routine", Kind.TEXT),
          Map.entry("pet_care_instructions.vet_contact", Kind.CONTACT),
          Map.entry("pet_clinical_addenda.notes", Kind.SEALED),
          Map.entry("pet_clinical_addenda.summary", Kind.TEXT),
          Map.entry("pet_clinical_entries.kind", Kind.KEEP),
          Map.entry("pet_clinical_entries.notes", Kind.SEALED),
          Map.entry("pet_clinical_entries.summary", Kind.TEXT),
          Map.entry("pet_clinical_entries.value", Kind.TEXT),
          Map.entry("pets.breed", Kind.KEEP),
          Map.entry("pets.microchip", Kind.DIGITS),
          Map.entry("pets.name", Kind.PET_NAME),
          Map.entry("pets.photo_ref", Kind.KEEP),
          Map.entry("pets.sex", Kind.KEEP),
          Map.entry("pets.species", Kind.KEEP),
          Map.entry("platform_admins.email", Kind.EMAIL),
          Map.entry("prescriptions.directions", Kind.TEXT),
          Map.entry("prescriptions.drug", Kind.KEEP),
          Map.entry("prescriptions.prescriber_dea", Kind.SEALED),
          Map.entry("prescriptions.prescriber_dea_masked", Kind.DEA_MASKED),
          Map.entry("prescriptions.schedule", Kind.KEEP),
          Map.entry("prescriptions.unit", Kind.KEEP),
          Map.entry("stripe_accounts.account_id", Kind.PROVIDER_ID),
          Map.entry("stripe_accounts.disabled_reason", Kind.KEEP),
          Map.entry("stripe_accounts.requirements_due", Kind.KEEP),
          Map.entry("tenant_data_keys.keyset", Kind.KEYSET),
          Map.entry("tenant_data_keys.master_key_id", Kind.KEYSET),
          Map.entry("users.display_name", Kind.FULL_NAME),
          Map.entry("users.email", Kind.EMAIL),
          Map.entry("users.password_hash", Kind.PASSWORD_HASH),
          Map.entry("users.time_zone", Kind.KEEP),
          Map.entry("users.totp_secret", Kind.SECOND_FACTOR));

  static Kind kind(String table, String column) {
    return COLUMNS.get(table + "." + column);
  }

  /** The text, json and byte columns of the schema, as table.column, with their type. */
  static List<String[]> textColumns(Connection c) throws SQLException {
    List<String[]> columns = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                """
                select c.table_name, c.column_name, c.data_type, c.is_nullable
                  from information_schema.columns c
                  join information_schema.tables t
                    on t.table_schema = c.table_schema and t.table_name = c.table_name
                 where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
                   and c.table_name <> 'flyway_schema_history' and c.is_generated = 'NEVER'
                   and not exists (select 1 from pg_class p
                                    where p.relnamespace = cast(current_schema() as regnamespace)
                                      and p.relname = c.table_name and p.relispartition)
                   and (c.data_type in ('text', 'character varying', 'character', 'json',
                        'jsonb', 'bytea', 'citext', 'ARRAY', 'USER-DEFINED', 'inet', 'cidr'))
                 order by 1, 2
                """)) {
      while (rs.next()) {
        columns.add(
            new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
      }
    }
    return columns;
  }

  /** Text, json or byte columns of the schema that the rules do not classify. */
  static List<String> unclassified(Connection c) throws SQLException {
    List<String> missing = new ArrayList<>();
    for (String[] column : textColumns(c)) {
      if (!EMPTIED.contains(column[0]) && kind(column[0], column[1]) == null) {
        missing.add(column[0] + "." + column[1] + " " + column[2] + " " + column[3]);
      }
    }
    return missing;
  }

  /** Rules naming a column or table the schema does not have (a rename left behind). */
  static Set<String> stale(Connection c) throws SQLException {
    Set<String> named = new TreeSet<>(COLUMNS.keySet());
    Set<String> tables = new TreeSet<>(EMPTIED);
    for (String[] column : textColumns(c)) {
      named.remove(column[0] + "." + column[1]);
      tables.remove(column[0]);
    }
    // A table emptied for what it links to rather than for text of its own (audit_event_keys).
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select relname from pg_class where relnamespace = cast(current_schema() as"
                    + " regnamespace) and relkind in ('r', 'p') and not relispartition")) {
      while (rs.next()) {
        tables.remove(rs.getString(1));
      }
    }
    named.addAll(tables);
    return named;
  }
}
