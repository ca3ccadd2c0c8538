/** HTTP error handling shared by every module: RFC 9457 problem details. */
package io.pawkeep.web;
