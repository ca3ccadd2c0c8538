package io.pawkeep.accounts;

import io.pawkeep.security.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Gives every page rendered for a signed-in person their name, as {@code person} in the model, for
 * the layout's header: as the statement that began a page request read them with its session
 * (tenancy/BrowserSession), so it costs no query; otherwise read in the request's transaction, so
 * only the person's own row is visible.
 */
@Configuration(proxyBeanMethods = false)
class SignedInPerson implements WebMvcConfigurer {

  /** The signed-in person as the layout shows them. */
  record Person(String displayName, String email) {}

  private final CurrentUser currentUser;
  private final AccountRepository accounts;

  SignedInPerson(CurrentUser currentUser, AccountRepository accounts) {
    this.currentUser = currentUser;
    this.accounts = accounts;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry
        .addInterceptor(
            new HandlerInterceptor() {
              @Override
              public void postHandle(
                  HttpServletRequest request,
                  HttpServletResponse response,
                  Object handler,
                  ModelAndView page) {
                if (page == null
                    || page.getViewName() == null
                    || page.getViewName().startsWith("redirect:")
                    || !currentUser.isSignedIn()) {
                  return;
                }
                // A browser session's statement that began the request read the name already.
                currentUser
                    .person()
                    .map(p -> new Person(p.displayName(), p.email()))
                    .or(
                        () ->
                            accounts
                                .find(currentUser.userId())
                                .map(a -> new Person(a.displayName(), a.email())))
                    .ifPresent(p -> page.addObject("person", p));
              }
            })
        .excludePathPatterns("/api/**");
  }
}
