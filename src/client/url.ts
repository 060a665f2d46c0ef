/**
 * URL building for endpoint templates such as `{tokens_endpoint_url}{token_uid}/authorize`.
 * Endpoint URLs arrive with or without a trailing slash (PIT-18); joining always puts exactly one
 * `/` between the endpoint and the path.
 */

/**
 * Appends path segments to an endpoint URL. Each segment is percent-encoded on its own, so an id
 * holding `/`, `?` or `#` stays inside its segment instead of changing the request's target.
 */
export function joinUrl(endpoint: string, ...segments: readonly string[]): string {
  let url = endpoint;
  while (url.endsWith('/')) url = url.slice(0, -1);
  for (const segment of segments) {
    if (segment === '') throw new TypeError(`joinUrl: empty path segment after ${url}`);
    url += `/${encodeURIComponent(segment)}`;
  }
  return url;
}

export type QueryValue = string | number | boolean | undefined;

/** Adds query parameters, skipping undefined ones; keeps any the URL already has. */
export function withQuery(url: string, query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return url;
  let parsed: URL | undefined;
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    parsed ??= new URL(url);
    parsed.searchParams.set(name, String(value));
  }
  return parsed ? parsed.toString() : url;
}
