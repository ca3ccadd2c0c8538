package io.pawkeep.web;

import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.WebMvcRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.converter.ByteArrayHttpMessageConverter;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.ResourceHttpMessageConverter;
import org.springframework.http.converter.ResourceRegionHttpMessageConverter;
import org.springframework.http.converter.StringHttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpProperties.class)
class WebConfiguration {

  @Bean
  FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(HttpProperties http) {
    // The offline care sync uploads batches of up to 500 entries with GPS tracks (DOM-6): it alone
    // gets a larger limit; the sync also bounds its item count and each item's size. Stripe's
    // events carry whole account objects and Stripe documents no maximum (PAY-3).
    FilterRegistrationBean<RequestSizeLimitFilter> registration =
        new FilterRegistrationBean<>(
            new RequestSizeLimitFilter(
                http.maxRequestBody().toBytes(),
                Map.of(
                    "/api/v1/sync/care-actions",
                    http.maxCareSyncBody().toBytes(),
                    "/visits/sync",
                    http.maxCareSyncBody().toBytes(),
                    "/api/v1/webhooks/stripe",
                    http.maxWebhookBody().toBytes(),
                    "/api/v1/webhooks/stripe/connect",
                    http.maxWebhookBody().toBytes()),
                http.maxUploadBody().toBytes()));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
    return registration;
  }

  /** Before the security filters, so even their redirects and refusals carry the policy. */
  @Bean
  FilterRegistrationBean<ContentSecurityPolicyFilter> contentSecurityPolicyFilter() {
    FilterRegistrationBean<ContentSecurityPolicyFilter> registration =
        new FilterRegistrationBean<>(new ContentSecurityPolicyFilter());
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
    return registration;
  }

  /**
   * Bodies are read and written as JSON with the application's own settings, the pages' forms, or
   * plain bytes, text and files (downloads, metrics). Libraries on the class path bring more body
   * parsers (a YAML one through the API documentation, an XML one): none of them is reachable. With
   * fewer converters, choosing one for each answer is also quicker.
   */
  @Bean
  WebMvcConfigurer jsonBodiesOnly() {
    return new WebMvcConfigurer() {
      @Override
      public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.configureMessageConvertersList(
            converters -> converters.removeIf(converter -> !allowed(converter)));
      }
    };
  }

  private static boolean allowed(HttpMessageConverter<?> converter) {
    return converter instanceof JacksonJsonHttpMessageConverter
        || converter instanceof FormHttpMessageConverter
        || converter instanceof ByteArrayHttpMessageConverter
        || converter instanceof StringHttpMessageConverter
        || converter instanceof ResourceHttpMessageConverter
        || converter instanceof ResourceRegionHttpMessageConverter;
  }

  /** Handlers found by their path first ({@link PathFirstHandlerMapping}). */
  @Bean
  WebMvcRegistrations pathFirstHandlerMapping() {
    return new WebMvcRegistrations() {
      @Override
      public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
        return new PathFirstHandlerMapping();
      }
    };
  }
}
