/**
 * `npm run admin -- <command>`: the administrator's commands on the server's own database (see admin/commands.ts).
 * Finds the database as the server does (DATA_DIR, DATABASE_URL) and opens it only for a command that needs it.
 */
import { runAdminCommand } from './admin/commands'
import { readConfig } from './config'
import { openStorage, type Storage } from './db/open'

let storage: Storage | undefined
let exitCode: number
try {
  exitCode = await runAdminCommand(
    process.argv.slice(2),
    async () => {
      const config = readConfig()
      storage ??= await openStorage({ databaseUrl: config.databaseUrl, dataDir: config.dataDir })
      return storage
    },
    { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr },
  )
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error)
  process.stderr.write(`出错了，命令没有完成：${reason}\nThe command failed: ${reason}\n`)
  exitCode = 1
}
await storage?.close()
// stdout and stderr are written synchronously to files, pipes and terminals on Linux and macOS: nothing is lost.
process.exit(exitCode)
