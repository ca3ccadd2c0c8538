package io.pawkeep.watch;

import io.pawkeep.accounts.Operators;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.UtcTimes;
import jakarta.servlet.http.HttpServletResponse;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The operators' alerts page (LOG-3): open alerts newest first (or closed, or all), each closable.
 * Through the same service as the API; anyone who is not an operator gets the 404 page, and an
 * operator whose session lacks the second factor is led to set it up, as on the other operator
 * pages.
 */
@Controller
class AlertPages {

  private static final DateTimeFormatter TIMES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z");

  private final Alerts alerts;
  private final Operators operators;
  private final CurrentUser currentUser;
  private final UtcTimes times;

  AlertPages(Alerts alerts, Operators operators, CurrentUser currentUser, UtcTimes times) {
    this.alerts = alerts;
    this.operators = operators;
    this.currentUser = currentUser;
    this.times = times;
  }

  @GetMapping("/admin/alerts")
  String list(
      @RequestParam(defaultValue = "open") String state,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String done,
      HttpServletResponse response,
      Model model) {
    if (!operator()) {
      return secondFactorNeeded(response);
    }
    String error = null;
    if (!Alerts.STATES.contains(state)) {
      // A mistyped address: said on the page (400), which shows the open alerts instead.
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      error = "There is no such list of alerts: choose open, closed or all.";
      state = "open";
      cursor = null;
    }
    model.addAttribute("error", error);
    Page<Alert> page = alerts.list(state, PageRequest.of("alerts", null, cursor));
    model.addAttribute("page", page);
    model.addAttribute("state", state);
    model.addAttribute("notice", "closed".equals(done) ? "The alert is closed." : null);
    model.addAttribute("times", times.in(TIMES));
    return "watch/alerts";
  }

  @PostMapping("/admin/alerts/{id}/close")
  String close(@PathVariable UUID id, HttpServletResponse response) {
    if (!operator()) {
      return secondFactorNeeded(response);
    }
    try {
      alerts.close(currentUser.userId(), id);
    } catch (ApiProblem problem) {
      if (problem.status() != HttpStatus.CONFLICT) {
        throw problem;
      }
    }
    return "redirect:/admin/alerts?done=closed";
  }

  /** Whether the caller may act; 404 for anyone who is not a listed operator. */
  private boolean operator() {
    return switch (operators.standing(currentUser.userId())) {
      case OPERATOR -> true;
      case NEEDS_SECOND_FACTOR -> false;
      case NONE -> throw ApiProblem.notFound();
    };
  }

  private static String secondFactorNeeded(HttpServletResponse response) {
    response.setStatus(HttpStatus.FORBIDDEN.value());
    return "admin/second-factor-needed";
  }
}
