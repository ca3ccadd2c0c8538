/** Businesses, their staff with roles and permissions, and their client households. */
package io.pawkeep.businesses;
