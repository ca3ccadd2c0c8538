package io.pawkeep.crypto;

import io.pawkeep.security.LocalSecrets;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

@Configuration(proxyBeanMethods = false)
class CryptoConfiguration {

  @Bean
  MasterKeyCipher masterKeyCipher(
      @Value("${pawkeep.crypto.master-key:}") String masterKey,
      @Value("${pawkeep.crypto.previous-master-keys:}") List<String> previousKeys,
      @Value("${pawkeep.data-dir:./data}") Path dataDir,
      Environment environment) {
    if (!masterKey.isBlank()) {
      return new MasterKeyCipher(masterKey, previousKeys);
    }
    if (environment.acceptsProfiles(Profiles.of("prod"))) {
      throw new IllegalStateException("pawkeep.crypto.master-key must be configured in production");
    }
    return new MasterKeyCipher(
        LocalSecrets.loadOrCreate(dataDir, "master-dev.key", MasterKeyCipher.KEY_BYTES),
        previousKeys);
  }
}
