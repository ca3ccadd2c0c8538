package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.security.DataDirProperties;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code pawkeep.documents.store} chooses the store (FILE-2): local unless told otherwise. */
class ObjectStoreConfigurationTests {

  @TempDir Path data;

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(DataDirProperties.class)
  static class DataDir {}

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(DataDir.class, ObjectStoreConfiguration.class)
        .withPropertyValues("pawkeep.data-dir=" + data);
  }

  @Test
  void withNothingConfiguredFilesGoToAFolderUnderTheDataDirectory() {
    runner()
        .run(
            context -> {
              assertThat(context.getBean(ObjectStore.class)).isInstanceOf(LocalFolderStore.class);
              assertThat(data.resolve("objects")).isDirectory();
            });
  }

  @Test
  void anS3StoreIsChosenBySettingsThatNeverShowItsSecret() {
    runner()
        .withPropertyValues(
            "pawkeep.documents.store=s3",
            "pawkeep.documents.s3.endpoint=http://localhost:9",
            "pawkeep.documents.s3.access-key-id=example-id",
            "pawkeep.documents.s3.secret-access-key=example-secret")
        .run(
            context -> {
              assertThat(context.getBean(ObjectStore.class)).isInstanceOf(S3Store.class);
              ObjectStoreProperties properties = context.getBean(ObjectStoreProperties.class);
              assertThat(properties.s3().pathStyle()).isTrue();
              assertThat(properties.s3().bucket()).isEqualTo("pawkeep-documents");
              assertThat(properties.toString()).doesNotContain("example-secret");
            });
  }
}
