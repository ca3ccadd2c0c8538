package io.pawkeep.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;

/** Access tokens made by hand, as an attacker or a node with another key would make them. */
final class SignedTokens {

  private SignedTokens() {}

  /** The claims of {@code token}, read without checking its signature. */
  static JWTClaimsSet claimsOf(String token) {
    try {
      return SignedJWT.parse(token).getJWTClaimsSet();
    } catch (ParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An access token of {@code claims}, signed HS256 with {@code key} and named {@code kid}. */
  static String sign(JWTClaimsSet claims, String kid, byte[] key) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256)
                .keyID(kid)
                .type(new JOSEObjectType("at+jwt"))
                .build(),
            claims);
    jwt.sign(new MACSigner(key));
    return jwt.serialize();
  }
}
