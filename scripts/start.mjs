// `npm start`: build the app if needed, then run the server that serves it (and, later, the sync API).
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'

await import('./ensure-build.mjs')
const require = createRequire(import.meta.url)
const tsx = require.resolve('tsx/cli')
const child = spawn(process.execPath, [tsx, 'src/server/main.ts'], { stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal))
child.on('exit', (code) => process.exit(code ?? 0))
