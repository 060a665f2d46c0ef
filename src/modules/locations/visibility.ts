/**
 * LOC-14 over stored Locations: a list filter that keeps only the Locations a Token's owner may be
 * shown, in SQL, so pages, totals and Link headers stay those of the filtered list.
 *
 * `publish` has no column of its own; it is read from the stored JSON. The publish=false
 * Locations (few: private and restricted sites) are read first and matched here (mayBeShownTo);
 * the list then holds the published ones plus those that matched.
 */
import { sql } from 'kysely';
import type { RawBuilder, SqlBool } from 'kysely';
import type { DialectName } from '../../storage/database.js';
import type { ListFilter, ObjectQuery, ObjectStore } from '../shared/object-store.js';
import { mayBeShownTo } from './publish.js';
import type { PublishToken } from './publish.js';
import type { Location } from './schema.js';

/** `filter` narrowed to the Locations the owner of `token` may be shown. */
export async function shownToFilter(store: ObjectStore<Location>, token: PublishToken, filter: ListFilter): Promise<ListFilter> {
  const unpublished = unpublishedCondition(store.dialect);
  const restricted = await store.list({ ...filter, where: (q) => within(filter, q).where(unpublished) });
  const allowed = restricted.filter((location) => mayBeShownTo(location, token));
  const { whereKey: _uncached, ...rest } = filter;
  return {
    ...rest,
    where: (q) =>
      within(filter, q).where((eb) =>
        eb.or([
          eb.not(unpublished),
          ...allowed.map((l) => eb.and([eb('country_code', '=', l.country_code.toUpperCase()), eb('party_id', '=', l.party_id.toUpperCase()), eb('id', '=', l.id.toUpperCase())])),
        ]),
      ),
  };
}

/** The stored Location's `publish` is false (a required field: never absent in a stored Location). */
function unpublishedCondition(dialect: DialectName): RawBuilder<SqlBool> {
  return dialect === 'postgres' ? sql<SqlBool>`((data::jsonb) ->> 'publish') = 'false'` : sql<SqlBool>`json_extract(data, '$.publish') = 0`;
}

function within(filter: ListFilter, query: ObjectQuery): ObjectQuery {
  return filter.where ? filter.where(query) : query;
}
