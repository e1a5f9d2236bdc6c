import { createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import type { EmulatorClientConfig } from './types.js';

/** A client as the emulated IMS holds it: its configuration and its parsed JWT bindings. */
export interface RegisteredClient {
  config: EmulatorClientConfig;
  /** Public keys JWTs may be signed with (from SPKI keys and certificates). */
  keys: KeyObject[];
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]+?-----END \1-----/g;

/** Parses PEM text holding any number of SPKI public keys and X.509 certificates. */
export function parsePublicKeys(pems: readonly string[]): KeyObject[] {
  const keys: KeyObject[] = [];
  for (const pem of pems) {
    for (const match of pem.matchAll(PEM_BLOCK)) {
      const block = match[0];
      const label = match[1];
      if (label === 'CERTIFICATE') keys.push(new X509Certificate(block).publicKey);
      else if (label === 'PUBLIC KEY' || label === 'RSA PUBLIC KEY') keys.push(createPublicKey(block));
      else
        throw new TypeError(`publicKeys: a "${label}" PEM block is neither a public key nor a certificate`);
    }
  }
  return keys;
}

/** The clients known to one emulator. */
export class ClientRegistry {
  readonly #clients = new Map<string, RegisteredClient>();

  /** Adds or replaces a client; checks what would otherwise fail confusingly later. */
  register(config: EmulatorClientConfig): void {
    if (!config.clientId) throw new TypeError('registerClient: clientId is required');
    const secrets = config.clientSecrets ?? [];
    if (secrets.length < 1 || secrets.length > 2)
      throw new TypeError('registerClient: clientSecrets must hold one or two secrets');
    const copy: EmulatorClientConfig = {
      ...config,
      clientSecrets: [...secrets],
      scopes: [...(config.scopes ?? [])],
      metascopes: [...(config.metascopes ?? [])],
      publicKeys: [...(config.publicKeys ?? [])],
    };
    this.#clients.set(config.clientId, { config: copy, keys: parsePublicKeys(copy.publicKeys ?? []) });
  }

  get(clientId: string | undefined): RegisteredClient | undefined {
    return clientId === undefined ? undefined : this.#clients.get(clientId);
  }

  /** Every secret of every client, for redaction. */
  secrets(): string[] {
    return [...this.#clients.values()].flatMap((c) => c.config.clientSecrets);
  }
}
