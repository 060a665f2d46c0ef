/**
 * Who is calling: the credentials token in the Authorization header → partner (T-04, T-06).
 * Tokens are looked up by SHA-256 (the stored form), and the digest found is compared to the
 * presented one in constant time. Positive results are cached briefly so the hot path does not
 * hit the database on every request; local changes clear the cache at once, other instances
 * sharing the database see them within `ttlMs`.
 */
import { parseAuthorization } from '../core/auth-header.js';
import type { AuthenticatedPartner, PartnerStore } from '../modules/credentials/partner-store.js';
import { hashToken, sameHash } from '../modules/credentials/tokens.js';

interface CacheEntry {
  value: AuthenticatedPartner;
  expires: number;
}

export class Authenticator {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    private readonly partners: PartnerStore,
    private readonly ttlMs = 2000,
    private readonly maxEntries = 10000,
  ) {}

  /** The partner of a recently seen Authorization header, without waiting; undefined when not cached. */
  cached(header: string | undefined): AuthenticatedPartner | undefined {
    if (!header) return undefined;
    const entry = this.cache.get(header);
    return entry && entry.expires > Date.now() ? entry.value : undefined;
  }

  async authenticate(header: string | undefined): Promise<AuthenticatedPartner | undefined> {
    if (!header) return undefined;
    const cached = this.cached(header);
    if (cached) return cached;
    const now = Date.now();

    const presented = parseAuthorization(header);
    if (!presented) return undefined;
    let found: AuthenticatedPartner | undefined;
    if (presented.decoded !== undefined) found = await this.lookup(presented.decoded);
    // Pre-2.2.1 peers send the raw token; accepted only for partners flagged legacy (T-03).
    if (!found) {
      const legacy = await this.lookup(presented.raw);
      if (legacy?.partner.legacyPlainToken) found = legacy;
    }
    if (found) {
      if (this.cache.size >= this.maxEntries) this.cache.clear();
      this.cache.set(header, { value: found, expires: now + this.ttlMs });
    }
    return found;
  }

  /** Called after any change to partners or tokens made by this process. */
  invalidate(): void {
    this.cache.clear();
  }

  private async lookup(token: string): Promise<AuthenticatedPartner | undefined> {
    const digest = hashToken(token);
    const found = await this.partners.authenticate(digest);
    return found && sameHash(found.tokenHash, digest) ? found : undefined;
  }
}
