package io.pawkeep.security;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Pawkeep keeps its files ({@code pawkeep.data-dir}, {@code PAWKEEP_DATA_DIR}): the embedded
 * database, the generated development keys ({@link LocalSecrets}) and development mail.
 */
@ConfigurationProperties("pawkeep")
public record DataDirProperties(@DefaultValue("./data") Path dataDir) {}
