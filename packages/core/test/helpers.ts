/** Builds an unsigned JWT-shaped token with the given payload claims, as IMS access tokens look. */
export function jwtShaped(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', x5u: 'ims_na1-key-at-1.cer', kid: 'ims_na1-key-at-1' })}.${encode(claims)}.c2lnbmF0dXJl`;
}
