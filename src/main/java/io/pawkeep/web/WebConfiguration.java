package io.pawkeep.web;

import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

  @Bean
  FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(
      @Value("${pawkeep.http.max-request-body:64KB}") DataSize maxBody,
      @Value("${pawkeep.http.max-care-sync-body:2MB}") DataSize maxCareSyncBody) {
    // The offline care sync uploads batches of up to 500 entries with GPS tracks (DOM-6): it alone
    // gets a larger limit; the sync also bounds its item count and each item's size.
    FilterRegistrationBean<RequestSizeLimitFilter> registration =
        new FilterRegistrationBean<>(
            new RequestSizeLimitFilter(
                maxBody.toBytes(), Map.of("/api/v1/sync/care-actions", maxCareSyncBody.toBytes())));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }
}
