package io.pawkeep.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The largest request bodies ({@code pawkeep.http.max-request-body}); the offline care sync alone
 * takes larger batches ({@code pawkeep.http.max-care-sync-body}), and multipart uploads of
 * documents and photos larger files ({@code pawkeep.http.max-upload-body}), and Stripe's webhook
 * events, whose account objects are large, theirs ({@code pawkeep.http.max-webhook-body}).
 */
@ConfigurationProperties("pawkeep.http")
record HttpProperties(
    @DefaultValue("64KB") DataSize maxRequestBody,
    @DefaultValue("2MB") DataSize maxCareSyncBody,
    @DefaultValue("10304KB") DataSize maxUploadBody,
    @DefaultValue("512KB") DataSize maxWebhookBody) {}
