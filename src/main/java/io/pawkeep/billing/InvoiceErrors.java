package io.pawkeep.billing;

import io.pawkeep.web.ApiProblem;
import java.sql.SQLException;
import org.springframework.dao.DataAccessException;

/**
 * The database's refusals of an invoice change as problems a client can act on. The refusal aborts
 * the transaction, so nothing of the change is written.
 */
final class InvoiceErrors {

  private InvoiceErrors() {}

  static void translate(Runnable work) {
    try {
      work.run();
    } catch (DataAccessException e) {
      throw problem(e);
    }
  }

  private static RuntimeException problem(DataAccessException e) {
    String state = sqlState(e);
    String message = String.valueOf(e.getMostSpecificCause().getMessage());
    if ("P0002".equals(state)) {
      return ApiProblem.notFound();
    }
    if ("42501".equals(state)) {
      return ApiProblem.forbidden("Your role does not allow this change to the invoice.");
    }
    if ("23505".equals(state) && message.contains("invoice_lines_booking_once")) {
      return ApiProblem.conflict("A booking is already on another invoice that is not void.");
    }
    if ("23514".equals(state)) {
      if (message.contains("completed bookings")) {
        return ApiProblem.conflict("Only completed bookings are invoiced.");
      }
      if (message.contains("business's and household's")) {
        return ApiProblem.badRequest(
            "bookingIds must name completed bookings of this business and household.");
      }
      if (message.contains("another currency")) {
        return ApiProblem.badRequest(
            "Every booking's service must be priced in the invoice's currency.");
      }
      if (message.contains("not a client")) {
        return ApiProblem.badRequest("householdId must name a client household of the business.");
      }
      if (message.contains("transition") || message.contains("drafts only")) {
        return ApiProblem.conflict("The invoice cannot take that state now.");
      }
      if (message.contains("without lines")) {
        return ApiProblem.conflict("An invoice without lines is not issued.");
      }
      if (message.contains("amount_minor")) {
        return ApiProblem.badRequest(
            "Every line needs a positive amount: a free service is not invoiced.");
      }
    }
    return e;
  }

  private static String sqlState(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
