package io.pawkeep.documents;

import io.pawkeep.security.DataDirProperties;
import java.io.IOException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ObjectStoreProperties.class)
class ObjectStoreConfiguration {

  @Bean
  ObjectStore objectStore(ObjectStoreProperties properties, DataDirProperties files)
      throws IOException {
    return switch (properties.store()) {
      case LOCAL -> new LocalFolderStore(files.dataDir().resolve("objects"));
      case S3 -> new S3Store(properties.s3());
    };
  }

  @Bean
  NamedObjects namedObjects(ObjectStore store) {
    return new NamedObjects(store);
  }
}
