package io.pawkeep.businesses;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.PageRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /businesses} (the caller's businesses, create one) and {@code /businesses/{id}} (a
 * business's overview, linking to the sub-pages the caller's permissions open). A business the
 * caller is not on the staff of answers the 404 page; an owner or manager of a business that
 * requires a second factor, signed in without one, is led to set it up (AUTHZ-8).
 */
@Controller
class BusinessPages {

  /** What the create form holds, with a message per field. */
  record CreateForm(String kind, String name, String kindError, String nameError) {

    static CreateForm empty() {
      return new CreateForm("care_company", "", null, null);
    }
  }

  private final Businesses businesses;
  private final CurrentUser currentUser;

  BusinessPages(Businesses businesses, CurrentUser currentUser) {
    this.businesses = businesses;
    this.currentUser = currentUser;
  }

  @GetMapping("/businesses")
  String list(@RequestParam(required = false) String cursor, Model model) {
    return renderList(cursor, CreateForm.empty(), model);
  }

  @PostMapping("/businesses")
  String create(
      @RequestParam(required = false) String kind,
      @RequestParam(required = false) String name,
      Model model,
      HttpServletResponse response) {
    String clean = name == null ? "" : name.strip();
    String kindError = kind != null && Businesses.KINDS.contains(kind) ? null : "Choose a kind.";
    String nameError =
        clean.isEmpty()
            ? "Enter the business's name."
            : clean.length() > 100 ? "Keep the name to 100 characters." : null;
    if (kindError != null || nameError != null) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return renderList(null, new CreateForm(kind, name, kindError, nameError), model);
    }
    BusinessView created = businesses.create(currentUser.userId(), kind, clean);
    return "redirect:/businesses/" + created.id();
  }

  @GetMapping("/businesses/{id}")
  String overview(@PathVariable UUID id, Model model, HttpServletResponse response) {
    try {
      model.addAttribute("business", businesses.get(currentUser.userId(), id));
    } catch (ApiProblem problem) {
      if (!isSecondFactorRequired(problem)) {
        throw problem;
      }
      // 403 also rolls the request back, which the refused read has marked for rollback.
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      return "businesses/second-factor-needed";
    }
    model.addAttribute("secondFactor", currentUser.secondFactor());
    return "businesses/overview";
  }

  static boolean isSecondFactorRequired(ApiProblem problem) {
    return problem.status() == HttpStatus.FORBIDDEN
        && "Second factor required".equals(problem.toProblemDetail().getTitle());
  }

  private String renderList(String cursor, CreateForm form, Model model) {
    var page = businesses.mine(currentUser.userId(), PageRequest.of("businesses", null, cursor));
    model.addAttribute("businesses", page.items());
    model.addAttribute("next", page.next());
    model.addAttribute("form", form);
    return "businesses/list";
  }
}
