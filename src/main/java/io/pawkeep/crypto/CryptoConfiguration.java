package io.pawkeep.crypto;

import io.pawkeep.security.DataDirProperties;
import io.pawkeep.security.LocalSecrets;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CryptoProperties.class)
class CryptoConfiguration {

  @Bean
  MasterKeyCipher masterKeyCipher(
      CryptoProperties properties, DataDirProperties files, Environment environment) {
    if (!properties.masterKey().isBlank()) {
      return new MasterKeyCipher(properties.masterKey(), properties.previousMasterKeys());
    }
    if (environment.acceptsProfiles(Profiles.of("prod"))) {
      throw new IllegalStateException("pawkeep.crypto.master-key must be configured in production");
    }
    return new MasterKeyCipher(
        LocalSecrets.loadOrCreate(files.dataDir(), "master-dev.key", MasterKeyCipher.KEY_BYTES),
        properties.previousMasterKeys());
  }
}
