package io.pawkeep.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every page of the application passed axe-core (WCAG 2.2 AA) somewhere in this run of the browser
 * tests. The harness checks a page state once a run ({@link AxeChecks}), so this is what keeps a
 * page from going unchecked: the pages are the GET routes of the {@code *Pages} controllers that
 * render a template (a download is no page), and a route counts once one of its pages answered 2xx
 * and passed. {@link AxeCoverageLast} runs this class after every other test class of its lane, and
 * it waits for the browser test classes, which run beside them ({@link BrowserLane}); run alone, or
 * with a few browser test classes, it fails by design.
 */
@ExtendWith(ChromiumCondition.class)
class AxeCoverageBrowserTests extends ApiTestSupport {

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  private RequestMappingHandlerMapping mappings;

  @Test
  void everyPageOfTheApplicationPassedAxeInThisRun() throws InterruptedException {
    assertThat(BrowserLane.awaitFinished(Duration.ofHours(1)))
        .as("the browser test classes of this run finished within an hour")
        .isTrue();
    Set<String> pages = new TreeSet<>();
    mappings
        .getHandlerMethods()
        .forEach(
            (info, method) -> {
              Class<?> returns = method.getMethod().getReturnType();
              boolean rendersATemplate =
                  returns == String.class || ModelAndView.class.isAssignableFrom(returns);
              if (method.getBeanType().getSimpleName().endsWith("Pages")
                  && info.getMethodsCondition().getMethods().contains(RequestMethod.GET)
                  && rendersATemplate) {
                info.getPatternValues().forEach(p -> pages.add(AxeChecks.route(p)));
              }
            });
    assertThat(pages).as("the pages found").contains("/", "/sign-in", "/households/{}");

    Set<String> unchecked = new TreeSet<>(pages);
    unchecked.removeAll(AxeChecks.routesPassed());
    System.out.println(AxeChecks.summary() + "; routes checked: " + AxeChecks.routesPassed());
    assertThat(unchecked)
        .as(
            "pages no browser test opened with a 2xx answer and checked with axe-core in this run"
                + " (open each with browser.open(...) or call browser.assertAccessible() on it)")
        .isEmpty();
  }
}
