import { ModuleIDValues } from '../modules/versions/schema.js';
import type { Endpoint, InterfaceRole, ModuleID } from '../modules/versions/schema.js';
import { OcpiMissingEndpointError } from './errors.js';

const KNOWN_MODULES: ReadonlySet<string> = new Set(ModuleIDValues);

/**
 * A partner's endpoints for one version, looked up by (module, interface role). Custom module IDs
 * are left out (VER-05); the credentials endpoint is found whatever role the partner gave it
 * (VER-07, PIT-24).
 */
export class PartnerEndpoints {
  /** The endpoints with a standard module ID, in the partner's order. */
  readonly all: readonly Endpoint[];
  private readonly byKey = new Map<string, string>();

  constructor(endpoints: readonly Endpoint[]) {
    this.all = endpoints.filter((endpoint) => KNOWN_MODULES.has(endpoint.identifier));
    for (const endpoint of this.all) {
      const key = keyOf(endpoint.identifier as ModuleID, endpoint.role);
      // The first wins when a partner lists an interface twice: the order is theirs to set.
      if (!this.byKey.has(key)) this.byKey.set(key, endpoint.url);
    }
  }

  url(module: 'credentials', role?: InterfaceRole): string | undefined;
  url(module: ModuleID, role: InterfaceRole): string | undefined;
  url(module: ModuleID, role?: InterfaceRole): string | undefined {
    return this.byKey.get(keyOf(module, role));
  }

  has(module: ModuleID, role: InterfaceRole): boolean {
    return this.byKey.has(keyOf(module, role));
  }

  /** The URL, or OcpiMissingEndpointError for a required interface (3003, CRED-05 step 3). */
  require(module: 'credentials', role?: InterfaceRole): string;
  require(module: ModuleID, role: InterfaceRole): string;
  require(module: ModuleID, role?: InterfaceRole): string {
    const url = this.byKey.get(keyOf(module, role));
    if (url === undefined) throw new OcpiMissingEndpointError(module, module === 'credentials' ? 'any' : String(role));
    return url;
  }

  /** Which of the given interfaces are missing, for one 3003 message naming all of them. */
  missing(required: ReadonlyArray<readonly [ModuleID, InterfaceRole]>): Array<[ModuleID, InterfaceRole]> {
    return required.filter(([module, role]) => !this.byKey.has(keyOf(module, role))).map(([m, r]) => [m, r]);
  }
}

function keyOf(module: ModuleID, role: InterfaceRole | undefined): string {
  return module === 'credentials' ? module : `${module} ${role}`;
}
