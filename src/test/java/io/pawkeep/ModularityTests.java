package io.pawkeep;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

  @Test
  void modulesRespectTheirBoundaries() {
    ApplicationModules.of(PawkeepApplication.class).verify();
  }
}
