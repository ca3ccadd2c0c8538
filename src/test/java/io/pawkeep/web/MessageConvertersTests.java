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
  void aYamlOrXmlBodyIsRefusedAndChangesNothing() {
    User owner = signedInUser("yaml-owner");
    String household = createHousehold(owner, "Yaml house");
    String pets = "/api/v1/households/" + household + "/pets";
    Map<String, String> bodies =
        Map.of(
            "application/yaml", "name: Rex\nspecies: dog\n",
            "application/xml", "<pet><name>Rex</name><species>dog</species></pet>");

    bodies.forEach(
        (type, body) -> {
          ApiClient.Response r =
              api.send("POST", pets, body, owner.accessToken(), Map.of("Content-Type", type));
          assertThat(r.status()).as(type + ": " + r.raw()).isEqualTo(415);
          assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        });
    ApiClient.Response list = api.get(pets, owner.accessToken());
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().isArray()).isTrue();
    assertThat(list.json().size()).isZero();
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
