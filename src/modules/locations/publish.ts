/**
 * Who may be shown a Location (mod_locations "publish", LOC-14): everyone when `publish` is true;
 * otherwise only the owner of a Token that matches every set field of one `publish_allowed_to`
 * entry. An eMSP applies this before its apps show a received Location to a driver.
 */
import { sameCi } from '../shared/ownership.js';
import type { Token } from '../tokens/schema.js';
import type { Location, PublishTokenType } from './schema.js';

/** The Token fields a PublishTokenType names. */
export type PublishToken = Pick<Token, 'uid' | 'type' | 'visual_number' | 'issuer' | 'group_id'>;

/** May `location` be shown to the owner of `token`? */
export function mayBeShownTo(location: Pick<Location, 'publish' | 'publish_allowed_to'>, token: PublishToken): boolean {
  if (location.publish) return true;
  return (location.publish_allowed_to ?? []).some((allowed) => matches(allowed, token));
}

/**
 * Every set field equals the token's: uid and group_id are CiStrings (case-insensitive), type an
 * enum, visual_number and issuer plain strings. An entry without uid, visual_number and group_id
 * (the spec requires one) names no token: a malformed entry must not publish to a whole issuer or type.
 */
export function matches(allowed: PublishTokenType, token: PublishToken): boolean {
  const checks = [
    allowed.uid === undefined || sameCi(allowed.uid, token.uid),
    allowed.type === undefined || allowed.type === token.type,
    allowed.visual_number === undefined || allowed.visual_number === token.visual_number,
    allowed.issuer === undefined || allowed.issuer === token.issuer,
    allowed.group_id === undefined || sameCi(allowed.group_id, token.group_id),
  ];
  const named = allowed.uid !== undefined || allowed.visual_number !== undefined || allowed.group_id !== undefined;
  return named && checks.every(Boolean);
}
