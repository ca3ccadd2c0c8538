package io.pawkeep.clinical;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.crypto.KeyRotation;
import io.pawkeep.database.OwnerDatabase;
import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.Mailbox;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Controlled substances (DOM-7): prescriptions, masking, administrations, balance, log. */
class PrescriptionTests extends ClinicalTestSupport {

  @Autowired OwnerDatabase schemaOwner;
  @Autowired KeyRotation rotation;

  @Test
  void deaNumberIsSealedWithTheBusinessKeyAndShownInFullOnlyToItsOwners() {
    clinicWithClientPet();
    ApiClient.Response written = prescribe(vet, pet, prescription(clinic, "10"));
    assertThat(written.status()).as(written.raw()).isEqualTo(201);
    assertThat(written.json().path("prescriberDea").asString()).isEqualTo("AB*****34");
    String id = written.text("id");

    byte[] stored =
        schemaOwner
            .jdbc()
            .sql("select prescriber_dea from prescriptions where id = ?")
            .param(UUID.fromString(id))
            .query(byte[].class)
            .single();
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("1234534");
    Long businessKeys =
        schemaOwner
            .jdbc()
            .sql("select count(*) from tenant_data_keys where tenant_id = ?")
            .param(UUID.fromString(clinic))
            .query(Long.class)
            .single();
    assertThat(businessKeys).isEqualTo(1L);

    String path = "/api/v1/pets/" + pet + "/prescriptions";
    assertThat(dea(api.get(path, clinicOwner.accessToken()))).isEqualTo(DEA);
    // Key rotation reaches the business's keys and moves the DEA number under the new one.
    rotation.rotateAllDataKeys();
    rotation.run();
    assertThat(
            schemaOwner
                .jdbc()
                .sql("select prescriber_dea from prescriptions where id = ?")
                .param(UUID.fromString(id))
                .query(byte[].class)
                .single())
        .isNotEqualTo(stored);
    assertThat(dea(api.get(path, clinicOwner.accessToken()))).isEqualTo(DEA);
    for (User other : List.of(vet, technician, family, familyMember)) {
      assertThat(dea(api.get(path, other.accessToken()))).isEqualTo("AB*****34");
    }
  }

  @Test
  void platformAdminsSeeTheDeaNumberInFullAndEachRevealIsAudited() {
    clinicWithClientPet();
    String id = prescribe(vet, pet, prescription(clinic, "1")).text("id");
    String path = "/api/v1/prescriptions/" + id;
    assertThat(api.get(path, vet.accessToken()).json().path("prescriberDea").asString())
        .isEqualTo("AB*****34");
    assertThat(api.get(path, family.accessToken()).json().path("prescriberDea").asString())
        .isEqualTo("AB*****34");
    assertThat(api.get(path, clinicOwner.accessToken()).json().path("prescriberDea").asString())
        .isEqualTo(DEA);

    User admin = signedInUser("not-yet-admin");
    String email = registerAdmin("clinical-admin@pawkeep.test");
    ApiClient.Response first = login(email, PASSWORD);
    String secret =
        enrolTotp(
            new User(email, PASSWORD, first.text("access_token"), first.text("refresh_token")));
    ApiClient.Response signedIn = loginWithTotp(email, PASSWORD, secret);
    assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(200);
    ApiClient.Response seen = api.get(path, signedIn.text("access_token"));
    assertThat(seen.status()).as(seen.raw()).isEqualTo(200);
    assertThat(seen.json().path("prescriberDea").asString()).isEqualTo(DEA);
    // Without the second factor an allowlisted admin is nobody special: 404.
    assertThat(api.get(path, first.text("access_token")).status()).isEqualTo(404);
    assertThat(api.get(path, admin.accessToken()).status()).isEqualTo(404);

    JsonNode trail =
        api.get("/api/v1/businesses/" + clinic + "/audit", clinicOwner.accessToken()).items();
    assertThat(trail.toString()).contains("prescription.dea_revealed");
  }

  @Test
  void administrationsDrawTheBalanceDownAndOverdrawingIsRefusedWithNothingWritten() {
    clinicWithClientPet();
    String id = prescribe(vet, pet, prescription(clinic, "1.5")).text("id");
    ApiClient.Response first = administer(technician, id, "1");
    assertThat(first.status()).as(first.raw()).isEqualTo(201);
    assertThat(first.json().path("balanceAfter").decimalValue()).isEqualByComparingTo("0.5");

    ApiClient.Response over = administer(vet, id, "0.6");
    assertThat(over.status()).as(over.raw()).isEqualTo(409);
    JsonNode log = controlledLog(clinicOwner).items();
    assertThat(log.size()).isEqualTo(1);
    assertThat(balances(clinicOwner).items().get(0).path("balance").decimalValue())
        .isEqualByComparingTo("0.5");
    assertThat(log.get(0).path("notes").asString()).isEqualTo("Calm");

    // A second prescription of the same drug adds to the household's balance.
    prescribe(vet, pet, prescription(clinic, "2"));
    assertThat(administer(vet, id, "2.5").status()).isEqualTo(201);
    assertThat(administer(vet, id, "0.001").status()).isEqualTo(409);
  }

  @Test
  void concurrentAdministrationsNeverTakeTheBalanceBelowZero() throws Exception {
    clinicWithClientPet();
    String id = prescribe(vet, pet, prescription(clinic, "5")).text("id");
    List<Callable<Integer>> calls = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      User who = i % 2 == 0 ? vet : technician;
      calls.add(
          () ->
              new ApiClient(port)
                  .post(
                      "/api/v1/prescriptions/" + id + "/administrations",
                      Map.of("quantity", BigDecimal.ONE, "givenAt", clock.instant().toString()),
                      who.accessToken())
                  .status());
    }
    List<Integer> statuses = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (Future<Integer> f : pool.invokeAll(calls)) {
        statuses.add(f.get());
      }
    }
    assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
    assertThat(statuses).filteredOn(s -> s == 409).hasSize(3);
    assertThat(controlledLog(vet).items().size()).isEqualTo(5);
    assertThat(balances(vet).items().get(0).path("balance").decimalValue())
        .isEqualByComparingTo(BigDecimal.ZERO);
  }

  @Test
  void everyReadOfTheLogIsAuditedAndOnlyLogReadersReadIt() {
    clinicWithClientPet();
    String log = "/api/v1/businesses/" + clinic + "/controlled-log";
    assertThat(api.get(log, vet.accessToken()).status()).isEqualTo(200);
    assertThat(api.get(log, technician.accessToken()).status()).isEqualTo(403);
    assertThat(api.get(log, accountant.accessToken()).status()).isEqualTo(403);
    assertThat(api.get(log, family.accessToken()).status()).isEqualTo(404);
    JsonNode trail =
        api.get("/api/v1/businesses/" + clinic + "/audit", clinicOwner.accessToken()).items();
    long reads = 0;
    for (JsonNode event : trail) {
      if ("controlled_log.read".equals(event.path("action").asString())) {
        reads++;
      }
    }
    assertThat(reads).isEqualTo(1);
  }

  @Test
  void lockedUnknownAndBadInputAnswerProblemDetailsNeverA500() {
    clinicWithClientPet();
    String id = prescribe(vet, pet, prescription(clinic, "3")).text("id");
    for (String quantity : List.of("0", "-1", "1.0001", "100001")) {
      assertThat(administer(vet, id, quantity).status()).as(quantity).isEqualTo(400);
    }
    List<Map<String, Object>> bad = new ArrayList<>();
    for (Map.Entry<String, Object> change :
        List.<Map.Entry<String, Object>>of(
            Map.entry("schedule", "I"),
            Map.entry("schedule", "VI"),
            Map.entry("unit", "bucket"),
            Map.entry("quantity", BigDecimal.ZERO),
            Map.entry("quantity", new BigDecimal("-2")),
            Map.entry("deaNumber", "12345"),
            Map.entry("drug", "d".repeat(201)),
            Map.entry("directions", " "))) {
      Map<String, Object> body = new java.util.HashMap<>(prescription(clinic, "3"));
      body.put(change.getKey(), change.getValue());
      bad.add(body);
    }
    for (Map<String, Object> body : bad) {
      ApiClient.Response r = prescribe(vet, pet, body);
      assertThat(r.status()).as(body + r.raw()).isEqualTo(400);
    }
    assertThat(api.get("/api/v1/pets/" + pet + "/prescriptions", vet.accessToken()).items().size())
        .isEqualTo(1);

    ApiClient.Response unknown = administer(vet, UUID.randomUUID().toString(), "1");
    assertThat(unknown.status()).isEqualTo(404);
    clock.advance(Duration.ofDays(31));
    User late = again(vet);
    ApiClient.Response locked = administer(late, id, "1");
    assertThat(locked.status()).as(locked.raw()).isEqualTo(409);
    assertThat(controlledLog(late).items().size()).isZero();
  }

  /**
   * Registers the allowlisted address. Its fixed address may have mail left from earlier runs
   * (named by a clock other runs moved on), so the new link is the one not seen before.
   */
  private String registerAdmin(String email) {
    List<Mailbox.Mail> earlier = Mailbox.awaitMails(email, "Confirm", 0);
    Set<String> old = new HashSet<>();
    earlier.forEach(m -> old.add(m.token()));
    ApiClient.Response r =
        api.post(
            "/api/v1/auth/register",
            Map.of("email", email, "password", PASSWORD, "displayName", "Operator"));
    assertThat(r.status()).as(r.raw()).isEqualTo(202);
    String token =
        Mailbox.awaitMails(email, "Confirm", earlier.size() + 1).stream()
            .map(Mailbox.Mail::token)
            .filter(t -> !old.contains(t))
            .findFirst()
            .orElseThrow();
    assertThat(api.post("/api/v1/auth/verify-email", Map.of("token", token)).status())
        .isEqualTo(204);
    return email;
  }

  private ApiClient.Response controlledLog(User caller) {
    return api.get("/api/v1/businesses/" + clinic + "/controlled-log", caller.accessToken());
  }

  private ApiClient.Response balances(User caller) {
    return api.get(
        "/api/v1/businesses/" + clinic + "/controlled-log/balances", caller.accessToken());
  }

  private static String dea(ApiClient.Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(200);
    return r.items().get(0).path("prescriberDea").asString();
  }
}
