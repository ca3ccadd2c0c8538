package io.pawkeep.documents;

import static org.assertj.core.api.Assertions.assertThat;

import io.pawkeep.testing.ApiClient;
import io.pawkeep.testing.ApiClient.Multipart;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The storage quota of a household and a business (FILE-1): the bin counts until purged, and
 * uploads racing each other never pass it together.
 */
@TestPropertySource(
    properties = {
      "pawkeep.documents.quota.household=100KB",
      "pawkeep.documents.quota.business=50KB"
    })
class DocumentQuotaTests extends DocumentTestSupport {

  static Multipart sized(int kib) {
    return Multipart.file("scan.pdf", "application/pdf", Arrays.copyOf(pdf(), kib * 1024));
  }

  @Test
  void anUploadPastTheHouseholdsQuotaIsRefusedAndBinnedFilesStillCount() {
    World w = world();
    String list = "/api/v1/households/" + w.household() + "/documents";
    String first = uploaded(w.family(), list, sized(60));
    bin(w.family(), first);
    List<java.nio.file.Path> before = objectFiles();

    ApiClient.Response photo = upload(w.family(), "/api/v1/pets/" + w.pet() + "/photo", jpegFile());
    ApiClient.Response over = upload(w.family(), list, sized(50));

    assertThat(photo.status()).as("a small photo still fits").isEqualTo(201);
    assertThat(over.status()).as(over.raw()).isEqualTo(413);
    assertThat(over.text("type")).isEqualTo("urn:pawkeep:problem:quota-reached");
    assertThat(objectFiles()).as("the photo and its thumbnail only").hasSize(before.size() + 2);
  }

  @Test
  void aBusinessHasItsOwnQuota() {
    World w = world();
    String list = "/api/v1/businesses/" + w.business() + "/documents";
    uploaded(w.owner(), list, sized(40));

    assertThat(upload(w.owner(), list, sized(20)).status()).isEqualTo(413);
  }

  @Test
  void uploadsRacingEachOtherNeverPassTheQuotaTogether() throws Exception {
    World w = world();
    String list = "/api/v1/households/" + w.household() + "/documents";
    int racers = 6;
    ExecutorService threads = Executors.newFixedThreadPool(racers);
    try {
      List<Callable<Integer>> uploads = new ArrayList<>();
      for (int i = 0; i < racers; i++) {
        uploads.add(() -> upload(w.family(), list, sized(40)).status());
      }
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> f : threads.invokeAll(uploads)) {
        statuses.add(f.get());
      }

      assertThat(statuses).filteredOn(s -> s == 201).hasSize(2);
      assertThat(statuses).filteredOn(s -> s == 413).hasSize(racers - 2);
    } finally {
      threads.shutdownNow();
    }
    assertThat(listed(w.family(), list)).hasSize(2);
  }
}
