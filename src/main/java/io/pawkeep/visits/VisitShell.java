package io.pawkeep.visits;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The visit app's shell: the same HTML for everyone, with no name, booking or token in it, so the
 * service worker may keep it and open a visit with no signal. Answered without a session (the app
 * asks the person to sign in again when its data answers 401) and revalidated on each load rather
 * than never stored, unlike pages with personal data.
 */
@Controller
class VisitShell {

  /** A booking id, so the app's own routes ({@code /visits/data}...) never read as a visit. */
  static final String BOOKING_ID =
      "{bookingId:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}";

  @GetMapping({"/visits", "/visits/" + BOOKING_ID})
  String shell(HttpServletResponse response) {
    response.setHeader("Cache-Control", "no-cache");
    return "visits/app";
  }
}
