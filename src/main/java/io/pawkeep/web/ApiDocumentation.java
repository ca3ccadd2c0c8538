package io.pawkeep.web;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/**
 * OpenAPI metadata: every endpoint takes a bearer access token unless it says otherwise; a few also
 * take a business's API key.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
    info =
        @Info(
            title = "Pawkeep API",
            version = "v1",
            description =
                "Errors are RFC 9457 problem details. Endpoints under /api/v1/auth take no token."
                    + " Lists answer one page, {\"items\": [...], \"next\": \"<cursor>\"}:"
                    + " ?limit= takes 1 to 200 items (50 by default; more is a 400), and"
                    + " ?cursor=<next> the page after; next is null on the last page, and a"
                    + " Link: <...>; rel=\"next\" header carries the same URL."),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    name = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT")
@SecurityScheme(
    name = "apiKey",
    type = SecuritySchemeType.APIKEY,
    in = SecuritySchemeIn.HEADER,
    paramName = "Authorization",
    description =
        "A business's API key: `Authorization: ApiKey pk_live_...`. Accepted only by the"
            + " operations that list it.")
class ApiDocumentation {}
