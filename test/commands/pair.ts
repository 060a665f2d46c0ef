/**
 * A CPO node and an eMSP node registered with each other over HTTP on loopback, the CPO driving
 * in-process chargers with short timeouts so that timeout paths stay fast. Shared by the commands
 * and charging profiles suites.
 */
import { token } from '../tokens/fixtures.js';
import { inProcessChargePointsOf } from '../../src/chargepoint/attach.js';
import type { InProcessChargePoints } from '../../src/chargepoint/in-process.js';
import { chargingProfilesOf } from '../../src/modules/chargingprofiles/index.js';
import { commandsOf } from '../../src/modules/commands/index.js';
import { locationsService } from '../../src/modules/locations/index.js';
import type { Token } from '../../src/modules/tokens/schema.js';
import type { Backend } from '../helpers/backends.js';
import { CPO_PARTY, EMSP_PARTY, startNode } from '../helpers/nodes.js';
import type { NodeStartOptions, TestNode } from '../helpers/nodes.js';
import { at, evse, location } from '../locations/fixtures.js';

export interface Pair {
  cpo: TestNode;
  emsp: TestNode;
  chargers: InProcessChargePoints;
  /** The CPO as a partner of the eMSP node. */
  cpoPartnerId: string;
  /** The eMSP as a partner of the CPO node. */
  emspPartnerId: string;
  /** The token the eMSP calls the CPO with. */
  tokenToCpo: string;
  /** The token the CPO calls the eMSP with. */
  tokenToEmsp: string;
}

/** The CPO gives chargers this long; it announces ceil(ms / 1000) = 1 s. */
export const CHARGER_TIMEOUT_MS = 400;
/** The eMSP waits the announced timeout plus this before a local TIMEOUT. */
export const RESULT_GRACE_MS = 300;

/** `cpo` adds to the CPO node's options (config, logger). */
export async function startPair(backend: Backend, options: { cpo?: Omit<NodeStartOptions, 'parties'> } = {}): Promise<Pair> {
  const cpo = await startNode(backend, { ...options.cpo, parties: [CPO_PARTY] });
  const emsp = await startNode(backend, { parties: [EMSP_PARTY] });
  const { partner: emspAtCpo, tokenA } = await cpo.node.partners.invite('the eMSP');
  const cpoAtEmsp = await emsp.node.credentials.registerWith('the CPO', cpo.node.versionsUrl, tokenA);
  const emspPartner = (await cpo.node.partners.get(emspAtCpo.id))!;
  configureShortTimeouts(cpo, emsp);
  // The CPO's own Locations (CMD-03 checks them) and the chargers behind them.
  const own = locationsService(cpo.node.context).own;
  await own.putLocation(location('LOC1', at(0), { evses: [evse('EVSE1', at(0)), evse('EVSE2', at(0)), evse('STRICT', at(0), { capabilities: ['START_SESSION_CONNECTOR_REQUIRED'] })] }));
  await own.putLocation(location('LOC2', at(0), { evses: [evse('BROKEN', at(0), { status: 'INOPERATIVE' })] }));
  await own.putLocation(location('LOC3', at(0), { evses: [evse('DUMB', at(0))] }));
  const chargers = inProcessChargePointsOf(cpo.node.context)
    .addEvse({ locationId: 'LOC1', evseUid: 'EVSE1', connectorIds: ['1'] })
    .addEvse({ locationId: 'LOC1', evseUid: 'EVSE2', connectorIds: ['1', '2'], maxPowerW: 11000 })
    .addEvse({ locationId: 'LOC1', evseUid: 'STRICT', connectorIds: ['1', '2'] })
    .addEvse({ locationId: 'LOC2', evseUid: 'BROKEN', connectorIds: ['1'], operative: false })
    .addEvse({ locationId: 'LOC3', evseUid: 'DUMB', connectorIds: ['1'], chargingProfiles: false });
  return {
    cpo,
    emsp,
    chargers,
    cpoPartnerId: cpoAtEmsp.id,
    emspPartnerId: emspAtCpo.id,
    tokenToCpo: cpoAtEmsp.tokenToPartner!,
    tokenToEmsp: emspPartner.tokenToPartner!,
  };
}

export function configureShortTimeouts(cpo: TestNode | undefined, emsp: TestNode | undefined): void {
  if (cpo) {
    commandsOf(cpo.node.context).cpo.settings.timeoutMs = CHARGER_TIMEOUT_MS;
    chargingProfilesOf(cpo.node.context).cpo.settings.timeoutMs = CHARGER_TIMEOUT_MS;
  }
  if (emsp) {
    commandsOf(emsp.node.context).senderSettings.resultGraceMs = RESULT_GRACE_MS;
    chargingProfilesOf(emsp.node.context).senderSettings.resultGraceMs = RESULT_GRACE_MS;
  }
}

/** A token of the eMSP's own party (CMD-08). */
export function emspToken(uid = 'TOKEN-1', party = { country_code: 'DE', party_id: 'MSP' }): Token {
  return token(uid, { ...party, type: 'APP_USER', whitelist: 'NEVER', last_updated: '2026-01-01T00:00:00Z' });
}
