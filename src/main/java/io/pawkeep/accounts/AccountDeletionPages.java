package io.pawkeep.accounts;

import io.pawkeep.security.ClientInfo;
import io.pawkeep.security.CurrentUser;
import io.pawkeep.security.PrivacyProperties;
import io.pawkeep.security.WebSessionCookie;
import io.pawkeep.web.ApiProblem;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Deleting one's own account in the browser (PRIV-2), through the same {@link AccountDeletion} as
 * {@code DELETE /api/v1/me}: the current password confirms it; a wrong or missing one, or being a
 * household's or business's only owner, shows the reason on the form. Success ends every session,
 * this browser's too.
 */
@Controller
class AccountDeletionPages {

  /** The form's messages (never what was typed). */
  record DeleteForm(String passwordError, String error) {}

  private final AccountDeletion deletion;
  private final CurrentUser currentUser;
  private final PrivacyProperties privacy;

  AccountDeletionPages(
      AccountDeletion deletion, CurrentUser currentUser, PrivacyProperties privacy) {
    this.deletion = deletion;
    this.currentUser = currentUser;
    this.privacy = privacy;
  }

  @GetMapping("/account/delete")
  String page(Model model) {
    return form(model, new DeleteForm(null, null));
  }

  @PostMapping("/account/delete")
  String delete(
      @RequestParam(defaultValue = "") String currentPassword,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    if (currentPassword.isEmpty()) {
      response.setStatus(400);
      return form(model, new DeleteForm("Enter your current password.", null));
    }
    try {
      deletion.delete(currentUser.userId(), currentPassword, ClientInfo.of(request));
    } catch (ApiProblem problem) {
      response.setStatus(problem.status().value());
      return form(
          model,
          "wrong-current-password".equals(PageProblems.slug(problem))
              ? new DeleteForm("The current password is not correct.", null)
              : new DeleteForm(null, PageProblems.text(problem)));
    }
    WebSessionCookie.clear(response);
    return "redirect:/sign-in?account-deleted";
  }

  private String form(Model model, DeleteForm form) {
    model.addAttribute("form", form);
    model.addAttribute("undoDays", privacy.undoDays());
    return "accounts/delete";
  }
}
