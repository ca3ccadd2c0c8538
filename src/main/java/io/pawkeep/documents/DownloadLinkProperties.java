package io.pawkeep.documents;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long a signed download link works ({@code pawkeep.documents.link-ttl}, FILE-3): five minutes
 * by default. Pages ask for a fresh link each time they are opened, so a short life costs nothing.
 */
@ConfigurationProperties("pawkeep.documents")
record DownloadLinkProperties(@DefaultValue("PT5M") Duration linkTtl) {}
