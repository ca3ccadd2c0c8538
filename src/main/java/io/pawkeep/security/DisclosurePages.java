package io.pawkeep.security;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * HARD-6: how to report a vulnerability, for people ({@code /security}) and for tools ({@code
 * /.well-known/security.txt}, RFC 9116), from the same settings; both open to strangers.
 */
@Controller
class DisclosurePages {

  static final MediaType TEXT = MediaType.parseMediaType("text/plain;charset=utf-8");

  private final Disclosure disclosure;

  DisclosurePages(Disclosure disclosure) {
    this.disclosure = disclosure;
  }

  @GetMapping("/security")
  String policy(Model model) {
    model.addAttribute("disclosure", disclosure.page());
    return "security/disclosure";
  }

  @GetMapping("/.well-known/security.txt")
  ResponseEntity<String> securityTxt() {
    return ResponseEntity.ok().contentType(TEXT).body(disclosure.securityTxt());
  }
}
