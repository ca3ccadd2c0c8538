package io.pawkeep.households;

import io.pawkeep.security.CurrentUser;
import io.pawkeep.web.ApiProblem;
import io.pawkeep.web.Page;
import io.pawkeep.web.PageRequest;
import io.pawkeep.web.UtcTimes;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The household pages: the person's households, creating one, and a household's overview with its
 * members, roles, sitting windows and invitations. Every check is the {@link Households} facade's,
 * as for the API: another household answers the 404 page, an owner's action by anyone else the 403
 * page.
 */
@Controller
class HouseholdPages {

  static final List<String> ROLES = List.of("owner", "member", "sitter");
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm z");
  private static final DateTimeFormatter INPUT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm").withZone(ZoneOffset.UTC);

  /** The create form as typed, with its mistake. */
  record NameForm(String name, String nameError) {}

  /** A member as the overview shows them; window values as the datetime inputs take them. */
  record MemberRow(
      UUID userId,
      String displayName,
      String email,
      String role,
      boolean me,
      String window,
      String sittingFrom,
      String sittingUntil) {}

  /** An open invitation as the overview lists it. */
  record InviteRow(UUID id, String role, String window, String expires) {}

  /** The invitation form as typed, with its mistake beside one field. */
  record InviteForm(String role, String sittingFrom, String sittingUntil) {
    static final InviteForm EMPTY = new InviteForm("member", "", "");
  }

  /** A mistake in one member's form, shown beside its field. */
  record MemberError(UUID userId, String field, String message) {}

  private final Households households;
  private final CurrentUser currentUser;

  private final UtcTimes times;

  HouseholdPages(Households households, CurrentUser currentUser, UtcTimes times) {
    this.times = times;
    this.households = households;
    this.currentUser = currentUser;
  }

  @GetMapping("/households")
  String list(@RequestParam(required = false) String cursor, Model model) {
    return listPage(cursor, new NameForm("", null), model);
  }

  @PostMapping("/households")
  String create(
      @RequestParam(defaultValue = "") String name, HttpServletResponse response, Model model) {
    String clean = name.strip();
    if (clean.isEmpty() || clean.length() > 100) {
      response.setStatus(HttpStatus.BAD_REQUEST.value());
      String error = clean.isEmpty() ? "Enter a name." : "Use at most 100 characters for the name.";
      return listPage(null, new NameForm(name.length() > 1000 ? "" : name, error), model);
    }
    HouseholdView household = households.create(currentUser.userId(), clean);
    return "redirect:/households/" + household.id();
  }

  @GetMapping("/households/{id}")
  String overview(
      @PathVariable UUID id,
      @RequestParam(required = false) String cursor,
      @RequestParam(required = false) String invites,
      Model model) {
    return overviewPage(id, cursor, invites, model);
  }

  /** Changes a member's role and sitting window (owners). */
  @PostMapping("/households/{id}/members/{userId}")
  String updateMember(
      @PathVariable UUID id,
      @PathVariable UUID userId,
      @RequestParam(defaultValue = "") String role,
      @RequestParam(defaultValue = "") String sittingFrom,
      @RequestParam(defaultValue = "") String sittingUntil,
      HttpServletResponse response,
      Model model) {
    Instant from;
    Instant until;
    try {
      from = parse(sittingFrom);
    } catch (DateTimeParseException e) {
      return memberMistake(id, userId, "sittingFrom", "Enter a date and time.", response, model);
    }
    try {
      until = parse(sittingUntil);
    } catch (DateTimeParseException e) {
      return memberMistake(id, userId, "sittingUntil", "Enter a date and time.", response, model);
    }
    if (!ROLES.contains(role)) {
      return memberMistake(id, userId, "role", "Choose a role.", response, model);
    }
    if (from != null && until != null && !until.isAfter(from)) {
      return memberMistake(
          id, userId, "sittingUntil", "The end must be after the start.", response, model);
    }
    try {
      households.updateMember(currentUser.userId(), id, userId, role, from, until);
    } catch (ApiProblem problem) {
      if (problem.status() != HttpStatus.CONFLICT) {
        throw problem;
      }
      return memberMistake(id, userId, "role", problem.getMessage(), response, model);
    }
    return "redirect:/households/" + id;
  }

  /** Removes a member (owners), or the person leaves (themselves). */
  @PostMapping("/households/{id}/members/{userId}/remove")
  String removeMember(
      @PathVariable UUID id, @PathVariable UUID userId, HttpServletResponse response, Model model) {
    try {
      households.removeMember(currentUser.userId(), id, userId);
    } catch (ApiProblem problem) {
      if (problem.status() != HttpStatus.CONFLICT) {
        throw problem;
      }
      return memberMistake(id, userId, "remove", problem.getMessage(), response, model);
    }
    return userId.equals(currentUser.userId())
        ? "redirect:/households"
        : "redirect:/households/" + id;
  }

  /**
   * Creates an invitation (a sitter's with the sitting window they get on accepting) and shows its
   * link once: only its hash is kept (owners).
   */
  @PostMapping("/households/{id}/invites")
  String invite(
      @PathVariable UUID id,
      @RequestParam(defaultValue = "") String role,
      @RequestParam(defaultValue = "") String sittingFrom,
      @RequestParam(defaultValue = "") String sittingUntil,
      HttpServletResponse response,
      Model model) {
    Instant from;
    Instant until;
    InviteForm typed = new InviteForm(role, clip(sittingFrom), clip(sittingUntil));
    try {
      from = parse(sittingFrom);
    } catch (DateTimeParseException e) {
      return inviteMistake(id, typed, "sittingFrom", "Enter a date and time.", response, model);
    }
    try {
      until = parse(sittingUntil);
    } catch (DateTimeParseException e) {
      return inviteMistake(id, typed, "sittingUntil", "Enter a date and time.", response, model);
    }
    if (!ROLES.contains(role)) {
      return inviteMistake(id, typed, "role", "Choose a role.", response, model);
    }
    if ((from != null || until != null) && !"sitter".equals(role)) {
      return inviteMistake(
          id, typed, "sittingFrom", "Only a sitter has a sitting window.", response, model);
    }
    if ((from == null) != (until == null)) {
      return inviteMistake(
          id,
          typed,
          from == null ? "sittingFrom" : "sittingUntil",
          "Enter both ends of the window, or neither.",
          response,
          model);
    }
    if (from != null && !until.isAfter(from)) {
      return inviteMistake(
          id, typed, "sittingUntil", "The end must be after the start.", response, model);
    }
    Households.Invite invite = households.invite(currentUser.userId(), id, role, from, until);
    model.addAttribute("household", households.get(currentUser.userId(), id));
    model.addAttribute("role", invite.role());
    model.addAttribute(
        "window",
        from == null
            ? null
            : times.in(SHOWN).format(from) + " to " + times.in(SHOWN).format(until));
    model.addAttribute("expires", times.in(SHOWN).format(invite.expiresAt()));
    model.addAttribute(
        "link",
        ServletUriComponentsBuilder.fromCurrentContextPath()
            .path("/invites/{token}")
            .buildAndExpand(invite.token())
            .toUriString());
    return "households/invite-created";
  }

  @PostMapping("/households/{id}/invites/{inviteId}/revoke")
  String revokeInvite(@PathVariable UUID id, @PathVariable UUID inviteId) {
    households.revokeInvite(currentUser.userId(), id, inviteId);
    return "redirect:/households/" + id;
  }

  private String inviteMistake(
      UUID id,
      InviteForm typed,
      String field,
      String message,
      HttpServletResponse response,
      Model model) {
    String page = overviewPage(id, null, null, model);
    if (!((HouseholdView) model.getAttribute("household")).isOwner()) {
      throw ApiProblem.forbidden("Only an owner of this household may do this.");
    }
    response.setStatus(HttpStatus.BAD_REQUEST.value());
    model.addAttribute("inviteForm", typed);
    model.addAttribute("inviteError", new MemberError(null, field, message));
    return page;
  }

  private static String clip(String value) {
    return value.length() > 40 ? "" : value;
  }

  private String listPage(String cursor, NameForm form, Model model) {
    model.addAttribute(
        "households",
        households.mine(currentUser.userId(), PageRequest.of("households", null, cursor)));
    model.addAttribute("form", form);
    return "households/list";
  }

  private String memberMistake(
      UUID id,
      UUID userId,
      String field,
      String message,
      HttpServletResponse response,
      Model model) {
    // The overview first: a household the caller cannot see stays the 404 page.
    String page = overviewPage(id, null, null, model);
    HouseholdView household = (HouseholdView) model.getAttribute("household");
    if (!household.isOwner() && !userId.equals(currentUser.userId())) {
      throw ApiProblem.forbidden("Only an owner of this household may do this.");
    }
    response.setStatus(
        "role".equals(field) && message.contains("owner")
            ? HttpStatus.CONFLICT.value()
            : HttpStatus.BAD_REQUEST.value());
    model.addAttribute("memberError", new MemberError(userId, field, message));
    return page;
  }

  private String overviewPage(UUID id, String cursor, String inviteCursor, Model model) {
    UUID me = currentUser.userId();
    HouseholdView household = households.get(me, id);
    Page<HouseholdMember> members =
        households.members(me, id, PageRequest.of("members", null, cursor));
    model.addAttribute("household", household);
    model.addAttribute("members", members.map(m -> row(m, me)));
    model.addAttribute("roles", ROLES);
    if (!model.containsAttribute("inviteForm")) {
      model.addAttribute("inviteForm", InviteForm.EMPTY);
    }
    if (household.isOwner()) {
      model.addAttribute(
          "invites",
          households
              .pendingInvites(me, id, PageRequest.of("invites", null, inviteCursor))
              .map(
                  i ->
                      new InviteRow(
                          i.id(),
                          i.role(),
                          i.sittingFrom() == null
                              ? null
                              : times.in(SHOWN).format(i.sittingFrom())
                                  + " to "
                                  + times.in(SHOWN).format(i.sittingUntil()),
                          times.in(SHOWN).format(i.expiresAt()))));
    }
    return "households/overview";
  }

  private MemberRow row(HouseholdMember m, UUID me) {
    String window =
        m.sittingFrom() == null || m.sittingUntil() == null
            ? null
            : times.in(SHOWN).format(m.sittingFrom())
                + " to "
                + times.in(SHOWN).format(m.sittingUntil());
    return new MemberRow(
        m.userId(),
        m.displayName(),
        m.email(),
        m.role(),
        m.userId().equals(me),
        window,
        m.sittingFrom() == null ? "" : INPUT.format(m.sittingFrom()),
        m.sittingUntil() == null ? "" : INPUT.format(m.sittingUntil()));
  }

  /** A datetime-local value, read as UTC (the page says so); empty means none. */
  private static Instant parse(String value) {
    if (value.isBlank()) {
      return null;
    }
    if (value.length() > 40) {
      throw new DateTimeParseException("too long", value.substring(0, 40), 0);
    }
    return LocalDateTime.parse(value.strip())
        .truncatedTo(ChronoUnit.MINUTES)
        .toInstant(ZoneOffset.UTC);
  }
}
