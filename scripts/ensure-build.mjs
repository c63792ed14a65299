// Builds the app when dist/ is missing or older than any source file, so `npm start` and the e2e tests
// always serve what the sources say, without rebuilding when nothing changed.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const inputs = ['src/app', 'src/shared', 'public', 'index.html', 'vite.config.ts', 'scripts/vite', 'package.json']

function newest(path) {
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
}

const built = existsSync('dist/index.html') ? statSync('dist/index.html').mtimeMs : 0
const source = Math.max(...inputs.filter((p) => existsSync(p)).map(newest))
if (built < source) {
  console.log(built === 0 ? 'Building the app (first run)…' : 'Sources changed since the last build: rebuilding…')
  // Always a production build, even when called from a test runner that sets NODE_ENV=test.
  execSync('npx vite build', { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
}
