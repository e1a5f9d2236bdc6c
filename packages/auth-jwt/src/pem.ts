const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const BASE64_PEM_PREFIX = 'LS0tLS1CRUdJTi'; // "-----BEGIN" in base64

/** What {@link normalizePem} found. */
export interface NormalizedPem {
  /** The PEM text with real line breaks, or the input when it is not PEM. */
  pem: string;
  /** True when the input held only the first line(s) of a PEM: the rest was lost on the way. */
  truncated: boolean;
}

/**
 * Repairs the ways a PEM key is commonly mangled on its way through a `.env` file or a CI
 * variable: literal `\n` sequences, CRLF line ends, line breaks collapsed into spaces, a
 * base64-encoded PEM. Reports a PEM cut after its first line (an unquoted multi-line value in
 * `.env` keeps only the first line). Text that is not PEM is returned unchanged.
 */
export function normalizePem(input: string): NormalizedPem {
  let value = input.trim();
  if (value.startsWith(BASE64_PEM_PREFIX)) {
    try {
      value = atob(value.replace(/\s+/g, '')).trim();
    } catch {
      return { pem: input, truncated: false };
    }
  }
  if (!value.includes('-----BEGIN ')) return { pem: input, truncated: false };
  value = value
    .replace(/^["']|["']$/g, '')
    .replace(/\\r\\n|\\n|\\r/g, '\n')
    .replace(/\r\n?/g, '\n');
  const block = PEM_BLOCK.exec(value);
  if (!block) return { pem: value, truncated: true };
  // Several blocks (a key and its certificate): keep them as they are, only unescaped.
  if (value.indexOf('-----BEGIN ', block.index + 1) !== -1) return { pem: `${value}\n`, truncated: false };
  const [whole, label, rawBody = ''] = block;
  // Legacy encrypted PEM carries "Proc-Type:"/"DEK-Info:" headers whose line structure matters.
  if (rawBody.includes(':')) return { pem: `${whole.trim()}\n`, truncated: false };
  const body = rawBody.replace(/\s+/g, '');
  if (body === '') return { pem: value, truncated: true };
  const lines = body.match(/.{1,64}/g) ?? [];
  return { pem: `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`, truncated: false };
}

/**
 * Why normalized PEM text cannot be a private key: cut after its first line, a certificate, or a
 * public key; `undefined` when it may be one. Never quotes the text.
 */
export function pemRefusal({ pem, truncated }: NormalizedPem): string | undefined {
  if (truncated)
    return 'The private key holds only the first line of a PEM key: the rest was lost, typically by an unquoted multi-line value in a .env file';
  if (pem.includes('PRIVATE KEY-----')) return undefined;
  if (pem.includes('-----BEGIN CERTIFICATE-----'))
    return 'The key given is a certificate (the public part uploaded to the Developer Console), not the private key it was made from';
  if (pem.includes('PUBLIC KEY-----'))
    return 'The key given is a public key: the JWT is signed with the private key';
  return undefined;
}
