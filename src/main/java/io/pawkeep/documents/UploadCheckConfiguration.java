package io.pawkeep.documents;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The upload check with its settings ({@code pawkeep.documents.upload.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(UploadCheckProperties.class)
class UploadCheckConfiguration {

  @Bean
  UploadCheck uploadCheck(UploadCheckProperties properties) {
    return new UploadCheck(properties);
  }
}
