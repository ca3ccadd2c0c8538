package io.pawkeep.bench;

import io.pawkeep.security.AccessTokens;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * The application under load for {@code bench/petclinic-compare.sh} and {@code bench/data-scale.sh}
 * ({@link BenchServer}): seeds with {@code COPY}, as the embedded database's superuser ({@link
 * BenchServer#seedAsSuperuser}), {@code BENCH_PETS} pets (default 5,000) and everything around them
 * in proportion, then mints access tokens through the application's own issuer for a sample of
 * owners and walkers spread over the whole table, and keeps serving.
 *
 * <p>Per 5 pets one household with its owner (account, live session, membership), as {@link
 * PetsLoadServer} seeds them and with its ids. Per 5 households one care company (at least 100)
 * with 5 client households, one service and two walkers (role staff: bookings.read, care.log); each
 * walker has {@value #DAYS_EACH_SIDE} one-hour bookings a day before and after today, all assigned
 * (the past ones completed, the others confirmed), and one running now (from 30 minutes ago to 3
 * hours on: its assignment window is open); each past booking has {@value #CARE_PER_BOOKING} care
 * log entries. Ids: {@code 00000000-0000-4000-<prefix>-<n on 12 digits>} with prefixes 8000
 * household, 8001 owner, 8002 owner session, 8003 pet ({@code n * 10 + k}), 8004 business, 8005
 * walker, 8006 walker session, 8007 booking ({@code walker * 100 + 50 + day}), 8008 service (one
 * per business), 8009 care entry ({@code booking number * 10 + k}); walker {@code w} works for
 * business {@code (w + 1) / 2}.
 *
 * <p>Writes {@code pets-targets.tsv} (household, owner's token), {@code walker-targets.tsv}
 * (business, today's booking, walker's token) and {@code scale.env} (the counts and the strides the
 * samples were taken with, for the raw-SQL scripts that rebuild the ids from a sample number).
 */
final class CompareLoadServer {

  static final int DAYS_EACH_SIDE = 7;
  static final int CARE_PER_BOOKING = 2;
  static final int CLIENTS_PER_BUSINESS = 5;
  static final int SAMPLE = 1000;
  private static final int CHUNK = 50_000;

  private CompareLoadServer() {}

  /** The counts of one seed, all derived from the number of pets. */
  record Scale(int pets, int households, int businesses, int walkers) {

    static Scale of(int pets) {
      int households = Math.max(1, pets / PetsLoadServer.PETS_PER_HOUSEHOLD);
      int businesses = Math.max(100, households / 5);
      return new Scale(
          households * PetsLoadServer.PETS_PER_HOUSEHOLD, households, businesses, businesses * 2);
    }

    int householdStride() {
      return Math.max(1, households / SAMPLE);
    }

    int walkerStride() {
      return Math.max(1, walkers / SAMPLE);
    }

    /** The client household {@code j} (0 to 4) of business {@code b}. */
    int client(int b, int j) {
      return ((b - 1) * CLIENTS_PER_BUSINESS + j) % households + 1;
    }

    /** The household of walker {@code w}'s booking on {@code day}. */
    int householdOf(int w, int day) {
      return client((w + 1) / 2, Math.floorMod(w + day, CLIENTS_PER_BUSINESS));
    }
  }

  public static void main(String[] args) {
    Scale scale = Scale.of(Integer.parseInt(System.getenv().getOrDefault("BENCH_PETS", "5000")));
    BenchServer.serve(
        args,
        server -> {
          Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
          long started = System.nanoTime();
          server.seedAsSuperuser(superuser -> seed(superuser, scale, now));
          System.out.printf(
              "Seeded %s in %d s%n", scale, (System.nanoTime() - started) / 1_000_000_000L);
          AccessTokens tokens = server.bean(AccessTokens.class);
          List<String> pets = new ArrayList<>();
          for (int n = 1; n <= scale.households(); n += scale.householdStride()) {
            String token =
                tokens
                    .issue(PetsLoadServer.id("8001", n), PetsLoadServer.id("8002", n), false)
                    .value();
            pets.add(PetsLoadServer.id("8000", n) + "\t" + token);
          }
          List<String> walkers = new ArrayList<>();
          for (int w = 1; w <= scale.walkers(); w += scale.walkerStride()) {
            String token =
                tokens
                    .issue(PetsLoadServer.id("8005", w), PetsLoadServer.id("8006", w), false)
                    .value();
            walkers.add(
                PetsLoadServer.id("8004", (w + 1) / 2)
                    + "\t"
                    + PetsLoadServer.id("8007", w * 100L + 50)
                    + "\t"
                    + token);
          }
          server.ready(
              Map.of(
                  "pets-targets.tsv", pets,
                  "walker-targets.tsv", walkers,
                  "scale.env",
                      List.of(
                          "PETS=" + scale.pets(),
                          "HOUSEHOLDS=" + scale.households(),
                          "HOUSEHOLD_STRIDE=" + scale.householdStride(),
                          "BUSINESSES=" + scale.businesses(),
                          "WALKERS=" + scale.walkers(),
                          "WALKER_STRIDE=" + scale.walkerStride(),
                          "HOUSEHOLD_SAMPLE=" + pets.size(),
                          "WALKER_SAMPLE=" + walkers.size())));
        });
  }

  private static String id(String prefix, long n) {
    return PetsLoadServer.id(prefix, n).toString();
  }

  /** A {@code COPY ... from stdin} of the rows a {@link Rows} writes, in chunks. */
  interface Rows {
    void write(long n, StringBuilder out);
  }

  private static void copy(CopyManager copy, String table, long count, Rows rows)
      throws SQLException {
    try {
      for (long from = 1; from <= count; from += CHUNK) {
        StringBuilder out = new StringBuilder(CHUNK * 128);
        for (long n = from; n < from + CHUNK && n <= count; n++) {
          rows.write(n, out);
        }
        copy.copyIn("copy " + table + " from stdin", new StringReader(out.toString()));
      }
      System.out.printf("Copied %d rows into %s%n", count, table.substring(0, table.indexOf(' ')));
    } catch (java.io.IOException e) {
      throw new SQLException(e);
    }
  }

  static void seed(Connection superuser, Scale scale, Instant now) throws SQLException {
    String hash =
        "{argon2}"
            + new Argon2PasswordEncoder(16, 32, 1, 19_456, 2).encode(PetsLoadServer.PASSWORD);
    String hourAgo = now.minus(Duration.ofHours(1)).toString();
    String tomorrow = now.plus(Duration.ofDays(1)).toString();
    String nowText = now.toString();
    CopyManager copy = superuser.unwrap(PGConnection.class).getCopyAPI();
    superuser.setAutoCommit(false);
    // Rows as they are after their requests, confirmations and assignments, consistent by
    // construction: triggers (the foreign keys' checks, the booking rules that guard each of those
    // steps for whoever takes it) stay off for the copy, which takes minutes at a million pets
    // with them. Constraints and indexes still hold.
    try (Statement s = superuser.createStatement()) {
      s.execute("set local session_replication_role = replica");
    }
    int h = scale.households();
    int walkers = scale.walkers();
    copy(
        copy,
        "users (id, email, display_name, password_hash, created_at, email_verified_at,"
            + " sessions_valid_after)",
        h + walkers,
        (n, out) -> {
          boolean walker = n > h;
          long k = walker ? n - h : n;
          out.append(id(walker ? "8005" : "8001", k))
              .append('\t')
              .append(walker ? "bench-walker-" : "bench-owner-")
              .append(k)
              .append("@example.org\t")
              .append(walker ? "Bench walker " : "Bench owner ")
              .append(k)
              .append('\t')
              .append(hash)
              .append('\t')
              .append(hourAgo)
              .append('\t')
              .append(hourAgo)
              .append('\t')
              .append(hourAgo)
              .append('\n');
        });
    copy(
        copy,
        "sessions (id, user_id, created_at, last_used_at, expires_at, mfa, user_agent, ip_address)",
        h + walkers,
        (n, out) -> {
          boolean walker = n > h;
          long k = walker ? n - h : n;
          out.append(id(walker ? "8006" : "8002", k))
              .append('\t')
              .append(id(walker ? "8005" : "8001", k))
              .append('\t')
              .append(nowText)
              .append('\t')
              .append(nowText)
              .append('\t')
              .append(tomorrow)
              .append("\tf\tcompare-load\t127.0.0.1\n");
        });
    copy(
        copy,
        "households (id, name, created_at, created_by)",
        h,
        (n, out) ->
            out.append(id("8000", n))
                .append("\tBench household ")
                .append(n)
                .append('\t')
                .append(hourAgo)
                .append('\t')
                .append(id("8001", n))
                .append('\n'));
    copy(
        copy,
        "household_members (household_id, user_id, role, joined_at)",
        h,
        (n, out) ->
            out.append(id("8000", n))
                .append('\t')
                .append(id("8001", n))
                .append("\towner\t")
                .append(hourAgo)
                .append('\n'));
    String[] species = {"dog", "cat", "rabbit", "bird", "other"};
    String[] sexes = {"female", "male", "unknown"};
    int per = PetsLoadServer.PETS_PER_HOUSEHOLD;
    copy(
        copy,
        "pets (id, household_id, name, species, breed, sex, birth_date, microchip, created_at)",
        (long) h * per,
        (i, out) -> {
          long n = (i - 1) / per + 1;
          int k = (int) ((i - 1) % per) + 1;
          out.append(id("8003", n * 10 + k))
              .append('\t')
              .append(id("8000", n))
              .append("\tPet ")
              .append(n)
              .append('-')
              .append(k)
              .append('\t')
              .append(species[(k - 1) % 5])
              .append("\tMixed\t")
              .append(sexes[k % 3])
              .append('\t')
              .append(java.time.LocalDate.of(2020, 1, 1).plusDays((n + k) % 1500))
              .append('\t')
              .append(String.format("%15s", n * 10 + k).replace(' ', '9'))
              .append('\t')
              .append(now.minus(Duration.ofHours(1)).plus(Duration.ofMinutes(k)))
              .append('\n');
        });
    int b = scale.businesses();
    copy(
        copy,
        "businesses (id, kind, name, require_second_factor, created_at, created_by)",
        b,
        (n, out) ->
            out.append(id("8004", n))
                .append("\tcare_company\tBench walkers ")
                .append(n)
                .append("\tt\t")
                .append(hourAgo)
                .append('\t')
                .append(id("8005", 2 * n - 1))
                .append('\n'));
    copy(
        copy,
        "business_staff (business_id, user_id, role, joined_at)",
        walkers,
        (w, out) ->
            out.append(id("8004", (w + 1) / 2))
                .append('\t')
                .append(id("8005", w))
                .append("\tstaff\t")
                .append(hourAgo)
                .append('\n'));
    copy(
        copy,
        "business_clients (business_id, household_id, status, granted_at, granted_by)",
        (long) b * CLIENTS_PER_BUSINESS,
        (i, out) -> {
          int business = (int) ((i - 1) / CLIENTS_PER_BUSINESS) + 1;
          int household = scale.client(business, (int) ((i - 1) % CLIENTS_PER_BUSINESS));
          out.append(id("8004", business))
              .append('\t')
              .append(id("8000", household))
              .append("\tactive\t")
              .append(hourAgo)
              .append('\t')
              .append(id("8001", household))
              .append('\n');
        });
    copy(
        copy,
        "business_services (id, business_id, kind, name, duration_minutes, price_minor, currency,"
            + " created_at)",
        b,
        (n, out) ->
            out.append(id("8008", n))
                .append('\t')
                .append(id("8004", n))
                .append("\twalk\tOne-hour walk\t60\t2500\tEUR\t")
                .append(hourAgo)
                .append('\n'));
    int days = 2 * DAYS_EACH_SIDE + 1;
    copy(
        copy,
        "bookings (id, business_id, household_id, service_id, pet_ids, starts_at, ends_at, status,"
            + " assignee_id, requested_by, requested_at, updated_at)",
        (long) walkers * days,
        (i, out) -> {
          int w = (int) ((i - 1) / days) + 1;
          int day = (int) ((i - 1) % days) - DAYS_EACH_SIDE;
          int household = scale.householdOf(w, day);
          Instant start = now.plus(Duration.ofDays(day)).minus(Duration.ofMinutes(30));
          Instant end = day == 0 ? now.plus(Duration.ofHours(3)) : start.plus(Duration.ofHours(1));
          out.append(id("8007", w * 100L + 50 + day))
              .append('\t')
              .append(id("8004", (w + 1) / 2))
              .append('\t')
              .append(id("8000", household))
              .append('\t')
              .append(id("8008", (w + 1) / 2))
              .append("\t{")
              .append(id("8003", household * 10L + 1))
              .append("}\t")
              .append(start)
              .append('\t')
              .append(end)
              .append('\t')
              .append(day < 0 ? "completed" : "confirmed")
              .append('\t')
              .append(id("8005", w))
              .append('\t')
              .append(id("8001", household))
              .append('\t')
              .append(start.minus(Duration.ofDays(30)))
              .append('\t')
              .append(start.minus(Duration.ofDays(29)))
              .append('\n');
        });
    copy(
        copy,
        "care_actions (client_id, booking_id, business_id, household_id, author_id, kind,"
            + " device_time, received_at, payload)",
        (long) walkers * DAYS_EACH_SIDE * CARE_PER_BOOKING,
        (i, out) -> {
          long booking = (i - 1) / CARE_PER_BOOKING;
          int k = (int) ((i - 1) % CARE_PER_BOOKING) + 1;
          int w = (int) (booking / DAYS_EACH_SIDE) + 1;
          int day = (int) (booking % DAYS_EACH_SIDE) - DAYS_EACH_SIDE;
          long number = w * 100L + 50 + day;
          Instant at = now.plus(Duration.ofDays(day)).plus(Duration.ofMinutes(k * 10L - 25));
          out.append(id("8009", number * 10 + k))
              .append('\t')
              .append(id("8007", number))
              .append('\t')
              .append(id("8004", (w + 1) / 2))
              .append('\t')
              .append(id("8000", scale.householdOf(w, day)))
              .append('\t')
              .append(id("8005", w))
              .append('\t')
              .append("note\t")
              .append(at)
              .append('\t')
              .append(at.plusSeconds(60))
              .append("\t{\"text\": \"Walked and fed, all well\"}\n");
        });
    // The id claims the claim trigger (off while seeding) would have written: the sync finds
    // stored entries through them.
    try (Statement s = superuser.createStatement()) {
      s.execute(
          "insert into care_action_ids (client_id, booking_id, received_at)"
              + " select client_id, booking_id, received_at from care_actions");
    }
    superuser.commit();
    superuser.setAutoCommit(true);
    try (Statement s = superuser.createStatement()) {
      s.execute(
          "vacuum analyze users, sessions, households, household_members, pets, businesses,"
              + " business_staff, business_clients, business_services, bookings, care_actions,"
              + " care_action_ids");
    }
  }
}
