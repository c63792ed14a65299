// What `npm test` needs beyond npm's own packages: browsers and fonts for the end-to-end tests. Run before `npm test`
// (npm's pretest) and after `npm install` (postinstall), so a fresh machine needs no other step: as root with apt
// (a container, CI) the missing Debian packages are installed, as .ci/run does; otherwise it stops at once with the
// one command that installs them, instead of the browser launcher's stack trace minutes later.
// `--after-install` only says what is missing (an install does not fail for a test tool); XSJ_NO_APT=1 never installs.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const isAfterInstall = process.argv.includes('--after-install')

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
const output = (command, args) => spawnSync(command, args, { encoding: 'utf8' }).stdout ?? ''

/** Each thing the tests use, the Debian packages that give it, and how to tell it is here. */
const PREREQUISITES = [
  {
    what: 'Chromium (the browser tests; another can be named with CHROMIUM_PATH)',
    packages: ['chromium'],
    isPresent: () => existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'),
  },
  {
    what: 'Chinese fonts (Noto Sans CJK: without them the browsers draw boxes)',
    packages: ['fonts-noto-cjk', 'fontconfig'],
    isPresent: () => /Noto Sans CJK/i.test(output('fc-list', [])),
  },
  {
    what: 'Firefox ESR (the cross-engine tests; another can be named with FIREFOX_PATH)',
    packages: ['firefox-esr'],
    isPresent: () => existsSync(process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr'),
  },
  {
    what: 'WebKitWebDriver (the cross-engine tests in WebKit)',
    packages: ['webkit2gtk-driver'],
    isPresent: () => has('WebKitWebDriver'),
  },
  {
    what: 'WebKit2 4.1 for Python (the WebKit test browser)',
    packages: ['python3-gi', 'gir1.2-webkit2-4.1'],
    isPresent: () =>
      spawnSync('/usr/bin/python3', ['-c', "import gi; gi.require_version('WebKit2', '4.1')"], { stdio: 'ignore' })
        .status === 0,
  },
  { what: 'Xvfb (WebKit without a screen)', packages: ['xvfb', 'xauth'], isPresent: () => has('Xvfb') && has('xauth') },
]

const missingNow = () => PREREQUISITES.filter((p) => !p.isPresent())

if (!isAfterInstall && !existsSync('node_modules/.bin/vitest')) {
  console.error("npm test needs the project's packages first. Run:\n\n  npm install\n")
  process.exit(1)
}

let missing = missingNow()
if (missing.length === 0) process.exit(0)
const packages = [...new Set(missing.flatMap((p) => p.packages))]

const canInstall = process.getuid?.() === 0 && has('apt-get') && process.env.XSJ_NO_APT !== '1'
if (canInstall) {
  console.log(`Installing from Debian what npm test needs: ${packages.join(' ')}`)
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
  const install =
    update.status === 0
      ? spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], {
          stdio: 'inherit',
          env,
        })
      : update
  if (install.status === 0) missing = missingNow()
  if (missing.length === 0) process.exit(0)
}

const lines = missing.map((p) => `  - ${p.what}`).join('\n')
const command = `${process.getuid?.() === 0 ? '' : 'sudo '}apt-get install -y --no-install-recommends ${packages.join(' ')}`
console.error(
  `${isAfterInstall ? 'Installed. For npm test, this machine still lacks:' : 'npm test cannot run: this machine lacks'}\n${lines}\n\nInstall them with this one command${isAfterInstall ? '' : ', then run npm test again'}:\n\n  ${command}\n`,
)
process.exit(isAfterInstall ? 0 : 1)
