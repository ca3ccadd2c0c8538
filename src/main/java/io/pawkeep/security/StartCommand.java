package io.pawkeep.security;

import java.io.PrintStream;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;

/**
 * A one-shot command given as a setting at start ({@code --pawkeep.backup.run=now}, {@code
 * --pawkeep.breach.report=...}, ...): once the application has started, it does what was asked,
 * says so on the console and stops the application, whose exit code is the command's (0 done, 1
 * refused or failed). Everything but the exit is in {@link #execute}, which the tests call.
 */
public abstract class StartCommand implements ApplicationRunner {

  private final ApplicationContext context;

  protected StartCommand(ApplicationContext context) {
    this.context = context;
  }

  /** Does what was asked, printing what it did or why not, and answers the exit code. */
  protected abstract int execute(PrintStream out);

  @Override
  public final void run(ApplicationArguments args) {
    int code = execute(System.out);
    System.exit(SpringApplication.exit(context, () -> code));
  }
}
