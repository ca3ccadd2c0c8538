package io.pawkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiTestSupport;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API reads request bodies as JSON (and the pages' forms) only, with the application's own JSON
 * settings, and answers in JSON: no other body parser is reachable, even where a library on the
 * class path would bring one (YAML, XML).
 */
class MessageConvertersTests extends ApiTestSupport {

  @Test
  void aYamlBodyIsRefusedAndChangesNothing() {
    User owner = signedInUser("yaml-owner");
    String household = createHousehold(owner, "Yaml house");

    ApiClient.Response r =
        api.send(
            "POST",
            "/api/v1/households/" + household + "/pets",
            "name: Rex\nspecies: dog\n",
            owner.accessToken(),
            Map.of("Content-Type", "application/yaml"));

    assertThat(r.status()).as(r.raw()).isEqualTo(415);
    assertThat(r.header("Content-Type")).startsWith("application/problem+json");
    ApiClient.Response pets =
        api.get("/api/v1/households/" + household + "/pets", owner.accessToken());
    assertThat(pets.status()).isEqualTo(200);
    assertThat(pets.json().isArray()).isTrue();
    assertThat(pets.json().size()).isZero();
  }

  @Test
  void anXmlBodyIsRefused() {
    User owner = signedInUser("xml-owner");
    String household = createHousehold(owner, "Xml house");

    ApiClient.Response r =
        api.send(
            "POST",
            "/api/v1/households/" + household + "/pets",
            "<pet><name>Rex</name><species>dog</species></pet>",
            owner.accessToken(),
            Map.of("Content-Type", "application/xml"));

    assertThat(r.status()).as(r.raw()).isEqualTo(415);
  }

  @Test
  void answersAreJsonOnly() {
    User owner = signedInUser("accept-owner");
    String household = createHousehold(owner, "Accept house");
    pet(owner, household, "Rex");
    String pets = "/api/v1/households/" + household + "/pets";

    for (String other : new String[] {"application/yaml", "application/xml", "text/plain"}) {
      ApiClient.Response r =
          api.send("GET", pets, null, owner.accessToken(), Map.of("Accept", other));
      assertThat(r.status()).as(other + ": " + r.raw()).isEqualTo(406);
      assertThat(r.raw()).doesNotContain("Rex");
    }
    ApiClient.Response json =
        api.send("GET", pets, null, owner.accessToken(), Map.of("Accept", "application/json"));
    assertThat(json.status()).isEqualTo(200);
    assertThat(json.header("Content-Type")).startsWith("application/json");
    assertThat(json.json().get(0).get("name").asString()).isEqualTo("Rex");
  }
}
