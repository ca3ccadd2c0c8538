package io.pawkeep.web;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * WebJars (htmx) are linked by versioned URLs ({@code /webjars/htmx.org/2.0.4/...}, the version
 * added by the resource chain), so a browser may keep them for a year without asking again: a new
 * version is a new URL. Pages themselves stay {@code no-store} (the web chain's default), and the
 * application's own {@code /css} and {@code /js}, whose URLs do not change, keep revalidating.
 * Registered before Spring Boot's default WebJar mapping, which then stands aside.
 */
@Configuration(proxyBeanMethods = false)
@Order(Ordered.HIGHEST_PRECEDENCE)
class StaticResourceCaching implements WebMvcConfigurer {

  @Override
  public void addResourceHandlers(ResourceHandlerRegistry registry) {
    registry
        .addResourceHandler("/webjars/**")
        .addResourceLocations("classpath:/META-INF/resources/webjars/")
        .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
        .resourceChain(true);
  }
}
