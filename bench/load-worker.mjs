// A load run whose requests rotate over many paths (and bodies): autocannon's programmatic API in
// its own process, so it never shares the server's event loop. Prints the same JSON as the CLI.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
let next = 0;
const instance = autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.seconds,
  headers: spec.headers,
  // One path: a fixed request, so the generator does no per-request work the raw server would be limited by.
  requests: [
    spec.paths.length === 1
      ? { method: spec.method, path: spec.paths[0], ...(spec.bodies ? { body: spec.bodies[0] } : {}) }
      : {
          method: spec.method,
          setupRequest(request) {
            const i = next++ % spec.paths.length;
            request.path = spec.paths[i];
            if (spec.bodies) request.body = spec.bodies[i];
            return request;
          },
        },
  ],
});
instance.on('done', (result) => process.stdout.write(JSON.stringify(result)));
