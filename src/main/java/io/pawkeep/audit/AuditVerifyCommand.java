package io.pawkeep.audit;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
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
class AuditVerifyCommand implements ApplicationRunner {

  private final AuditVerifier verifier;
  private final ApplicationContext context;

  AuditVerifyCommand(AuditVerifier verifier, ApplicationContext context) {
    this.verifier = verifier;
    this.context = context;
  }

  @Override
  public void run(ApplicationArguments args) {
    VerificationResult result = verifier.verifyAll();
    System.out.println(result.describe());
    int code = result.intact() ? 0 : 1;
    System.exit(SpringApplication.exit(context, () -> code));
  }
}
