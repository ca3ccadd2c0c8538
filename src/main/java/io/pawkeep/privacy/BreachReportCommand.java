package io.pawkeep.privacy;

import io.pawkeep.security.StartCommand;
import io.pawkeep.web.ApiProblem;
import java.io.PrintStream;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code --pawkeep.breach.report=<from>/<to>} (UTC times, e.g. {@code
 * 2026-11-30T00:00:00Z/2026-12-01T00:00:00Z}), optionally {@code --pawkeep.breach.actor=<id>},
 * {@code --pawkeep.breach.account=<id>}, {@code --pawkeep.breach.address=<ip>} and {@code
 * --pawkeep.breach.format=json}: prints the breach report (PRIV-4) as text (or JSON) and records it
 * in the audit trail. Exits with 0, or 1 on bad input.
 */
@Component
@ConditionalOnProperty(name = "pawkeep.breach.report")
class BreachReportCommand extends StartCommand {

  private final BreachReports reports;
  private final Environment environment;

  BreachReportCommand(BreachReports reports, ApplicationContext context, Environment environment) {
    super(context);
    this.reports = reports;
    this.environment = environment;
  }

  /** Prints the report and answers the exit code; apart from the exit, all of the command. */
  @Override
  protected int execute(PrintStream out) {
    String window = environment.getProperty("pawkeep.breach.report", "");
    int slash = window.indexOf('/');
    BreachCriteria criteria;
    try {
      criteria =
          BreachCriteria.parse(
              slash < 0 ? window : window.substring(0, slash),
              slash < 0 ? null : window.substring(slash + 1),
              environment.getProperty("pawkeep.breach.actor"),
              environment.getProperty("pawkeep.breach.account"),
              environment.getProperty("pawkeep.breach.address"),
              reports.settings().maxWindow());
    } catch (ApiProblem problem) {
      out.println("pawkeep.breach.report must be <from>/<to>: " + problem.getMessage());
      return 1;
    }
    BreachReport report = reports.forCommand(criteria);
    if ("json".equals(environment.getProperty("pawkeep.breach.format"))) {
      out.println(
          JsonMapper.builder()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .build()
              .writeValueAsString(report));
    } else {
      out.print(BreachReportText.of(report));
    }
    return 0;
  }
}
