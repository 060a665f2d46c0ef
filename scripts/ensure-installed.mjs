// Runs before `npm start` and `npm test`: on a fresh clone, installs exactly what the lock file
// pins (npm ci), so the README's two commands are the whole set-up.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';

const marker = 'node_modules/.package-lock.json';
const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs + 1000;
if (stale) {
  console.error('evroam: installing dependencies from package-lock.json (npm ci) …');
  const result = spawnSync('npm', ['ci', '--no-fund', '--no-audit'], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
