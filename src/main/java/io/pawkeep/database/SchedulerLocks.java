package io.pawkeep.database;

import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every scheduled job runs on one node at a time (AVAIL-4): before it starts, it takes a lock row
 * in the {@code shedlock} table (V44); a node that finds the row locked skips that run. Times come
 * from the database ({@code usingDbTime()}), so nodes whose clocks differ still agree. The locks
 * are taken on the schema owner's connections, which the jobs use anyway: the application role has
 * no grant on the table, so a request (even an injected statement) can neither hold a job's lock
 * forever, which would stop audit checkpoints, key rotation and purges, nor free another node's. A
 * lock held by a node that died expires after the job's {@code lockAtMostFor}.
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT30M")
class SchedulerLocks {

  @Bean
  LockProvider lockProvider(OwnerDatabase owner) {
    return new JdbcTemplateLockProvider(
        JdbcTemplateLockProvider.Configuration.builder()
            .withJdbcTemplate(new JdbcTemplate(owner.dataSource()))
            .withTableName("shedlock")
            .usingDbTime()
            .build());
  }
}
