package io.pawkeep.audit;

import io.pawkeep.security.StartCommand;
import java.io.PrintStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code ./mvnw spring-boot:run -Dspring-boot.run.arguments=--pawkeep.audit.verify=true}: verifies
 * every audit chain and checkpoint, prints the outcome (a summary, then one line per broken link or
 * bad checkpoint) and exits with 0 when the trail is intact, 1 otherwise.
 */
@Component
@ConditionalOnProperty(name = "pawkeep.audit.verify", havingValue = "true")
class AuditVerifyCommand extends StartCommand {

  private final AuditVerifier verifier;

  AuditVerifyCommand(AuditVerifier verifier, ApplicationContext context) {
    super(context);
    this.verifier = verifier;
  }

  @Override
  protected int execute(PrintStream out) {
    VerificationResult result = verifier.verifyAll();
    out.println(result.describe());
    return result.intact() ? 0 : 1;
  }
}
