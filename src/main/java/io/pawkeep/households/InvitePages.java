package io.pawkeep.households;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page an invitation link lands on. A signed-in person accepts it with one button (the facade's
 * checks: unused, unrevoked, unexpired, not already a member). A stranger is asked to sign in or
 * sign up; the link waits in a short-lived HttpOnly cookie, and {@link InviteReturnFilter} brings
 * them back here once signed in. The page names no household: the link alone is not proof of
 * anything until it is accepted.
 */
@Controller
class InvitePages {

  static final String COOKIE = "__Host-pawkeep-invite";
  static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{20,128}");
  private static final Duration WAITS = Duration.ofDays(1);

  private final Households households;
  private final CurrentUser currentUser;

  InvitePages(Households households, CurrentUser currentUser) {
    this.households = households;
    this.currentUser = currentUser;
  }

  @GetMapping("/invites/{token}")
  String invite(@PathVariable String token, HttpServletResponse response, Model model) {
    if (!TOKEN.matcher(token).matches()) {
      throw ApiProblem.notFound();
    }
    // The token is in this page's address: never send it on in a Referer header.
    response.setHeader("Referrer-Policy", "no-referrer");
    model.addAttribute("token", token);
    model.addAttribute("signedIn", currentUser.isSignedIn());
    if (!currentUser.isSignedIn()) {
      response.addHeader(HttpHeaders.SET_COOKIE, cookie(token, WAITS).toString());
    }
    return "households/invite";
  }

  @PostMapping("/invites/accept")
  String accept(
      @RequestParam(defaultValue = "") String token, HttpServletResponse response, Model model) {
    if (!currentUser.isSignedIn()) {
      return "redirect:/sign-in";
    }
    response.addHeader(HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO).toString());
    if (!TOKEN.matcher(token).matches()) {
      throw ApiProblem.notFound();
    }
    HouseholdView household;
    try {
      household = households.accept(currentUser.userId(), token);
    } catch (ApiProblem problem) {
      if (problem.status() != HttpStatus.BAD_REQUEST) {
        throw problem;
      }
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      response.setHeader("Referrer-Policy", "no-referrer");
      model.addAttribute("token", token);
      model.addAttribute("signedIn", true);
      model.addAttribute("error", problem.getMessage());
      return "households/invite";
    }
    return "redirect:/households/" + household.id();
  }

  static ResponseCookie cookie(String token, Duration maxAge) {
    return ResponseCookie.from(COOKIE, token)
        .httpOnly(true)
        .secure(true)
        .sameSite("Lax")
        .path("/")
        .maxAge(maxAge)
        .build();
  }
}
