package io.pawkeep.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pawkeep.security.WebSessionCookie;
import io.pawkeep.testing.ApiTestSupport;
import io.pawkeep.testing.PageClient;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A page request costs one round trip to learn who it is (SESS-5): the statement that begins its
 * transaction finds the browser session by its cookie's hash, checks it and sets the identity, and
 * refuses a cookie naming no live session in that same statement. Statements are counted on the
 * application role's pool.
 */
class BrowserSessionTransactionTests extends ApiTestSupport {

  @Autowired DataSource dataSource;

  @Test
  void aPageRequestsSessionIsFoundCheckedAndBegunInOneStatement() {
    User walker = signedInUser("walker");
    asCaller(
        walker,
        db ->
            db.sql("update users set time_zone = 'Europe/Paris' where id = pawkeep_current_user()")
                .update());
    BrowserSession session = new BrowserSession(cookieHash(walker));
    AtomicInteger statements = new AtomicInteger();
    DataSource counted = counting(dataSource, statements);
    TransactionTemplate transactions =
        new TransactionTemplate(
            new IdentityTransactionManager(counted, pageRequest(session), clock));
    JdbcClient jdbc = JdbcClient.create(counted);

    UUID seen =
        transactions.execute(
            tx -> {
              assertThat(statements).as("the statement that began the transaction").hasValue(1);
              return jdbc.sql("select pawkeep_current_user()").query(UUID.class).single();
            });

    assertThat(session.checked()).isPresent();
    assertThat(seen).isEqualTo(session.checked().get().identity().userId());
    assertThat(session.checked().get().email()).isEqualTo(walker.email());
    // The pages' times are shown in the person's zone: read by the same statement, no query more.
    assertThat(session.checked().get().timeZone()).isEqualTo("Europe/Paris");
    // A second transaction of the same request begins with the identity already found.
    statements.set(0);
    transactions.executeWithoutResult(tx -> assertThat(statements).hasValue(1));
  }

  @Test
  void aCookieNamingNoLiveSessionIsRefusedByThatSameStatement() {
    BrowserSession unknown =
        new BrowserSession(WebSessionCookie.hash(WebSessionCookie.newSecret()));
    AtomicInteger statements = new AtomicInteger();
    TransactionTemplate transactions =
        new TransactionTemplate(
            new IdentityTransactionManager(
                counting(dataSource, statements), pageRequest(unknown), clock));

    assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> {}))
        .isInstanceOf(CannotCreateTransactionException.class)
        .hasCauseInstanceOf(IdentityRejectedException.class);
    assertThat(statements).hasValue(1);
    assertThat(unknown.checked()).isEmpty();
  }

  /** As the security module's source answers for a page request carrying the cookie. */
  private static RequestIdentitySource pageRequest(BrowserSession session) {
    return new RequestIdentitySource() {
      @Override
      public Optional<RequestIdentity> current() {
        return session.checked().map(BrowserSession.Checked::identity);
      }

      @Override
      public Optional<BrowserSession> browserSession() {
        return Optional.of(session);
      }
    };
  }

  private byte[] cookieHash(User user) {
    PageClient browser = new PageClient(port);
    browser.get("/sign-in");
    PageClient.Page r =
        browser.post("/sign-in", Map.of("email", user.email(), "password", user.password()));
    assertThat(r.status()).as(r.body()).isEqualTo(302);
    return WebSessionCookie.hash(browser.cookie(WebSessionCookie.NAME).orElseThrow());
  }

  /** The pool, counting each statement its connections prepare or create. */
  private static DataSource counting(DataSource pool, AtomicInteger statements) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(pool, method, args);
              return result instanceof Connection c ? countingConnection(c, statements) : result;
            });
  }

  private static Connection countingConnection(Connection connection, AtomicInteger statements) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              String name = method.getName();
              if (name.equals("prepareStatement")
                  || name.equals("createStatement")
                  || name.equals("prepareCall")) {
                statements.incrementAndGet();
              }
              return invoke(connection, method, args);
            });
  }

  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
