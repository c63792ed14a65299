import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { readConfig } from '../../src/server/config'
import { staticDir } from './harness'
import { startTestServer } from './support'

async function builtApp() {
  return (await startTestServer({ version: '9.9.9' })).app
}

describe('the server', () => {
  it('answers /api/health with its version', async () => {
    const server = await startTestServer({ version: '9.9.9' })
    const response = await server.app.request('/api/health')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok', version: '9.9.9', database: server.engine, protocol: 1 })
  })

  it('answers /api/health with 503 when its database does not answer, so a load balancer takes it out', async () => {
    const server = await startTestServer()
    await server.storage.close()
    const response = await server.app.request('/api/health')
    expect(response.status).toBe(503)
    expect(await response.json()).toMatchObject({ status: 'unavailable', database: server.engine })
  })

  it('serves the app shell for client-side routes, never cached', async () => {
    const response = await (await builtApp()).request('/visits/0190a000-0000-7000-8000-000000000000/edit')
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('学思践')
    expect(response.headers.get('cache-control')).toBe('no-cache')
  })

  it('lets the service worker be revalidated and hashed assets be cached for a year', async () => {
    const app = await builtApp()
    expect((await app.request('/sw.js')).headers.get('cache-control')).toBe('no-cache')
    expect((await app.request('/assets/index-abc.js')).headers.get('cache-control')).toContain('immutable')
  })

  it('sends the build’s compressed copy of a script to a browser that takes it, and the plain file to one that does not', async () => {
    const dir = staticDir()
    const script = Buffer.from('export const greeting = "学思践";\n'.repeat(200))
    writeFileSync(join(dir, 'assets', 'app-1.js'), script)
    writeFileSync(join(dir, 'assets', 'app-1.js.br'), brotliCompressSync(script))
    writeFileSync(join(dir, 'assets', 'app-1.js.gz'), gzipSync(script))
    const { app } = await startTestServer({ staticDir: dir })
    const plain = await app.request('/assets/app-1.js')
    const brotli = await app.request('/assets/app-1.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(Buffer.from(await plain.arrayBuffer()).equals(script)).toBe(true)
    expect(brotli.headers.get('content-encoding')).toBe('br')
    expect(brotli.headers.get('content-type')).toContain('javascript')
    expect(brotli.headers.get('vary')).toContain('Accept-Encoding')
    expect(brotli.headers.get('cache-control')).toContain('immutable')
    expect(brotliDecompressSync(Buffer.from(await brotli.arrayBuffer())).equals(script)).toBe(true)
    expect(
      (await app.request('/assets/app-1.js', { headers: { 'accept-encoding': 'gzip' } })).headers.get(
        'content-encoding',
      ),
    ).toBe('gzip')
  })

  it('answers an unknown API path or a missing file with 404, not the app shell', async () => {
    const app = await builtApp()
    const api = await app.request('/api/nothing')
    expect(api.status).toBe(404)
    expect(await api.json()).toMatchObject({ error: 'not_found' })
    expect((await app.request('/assets/missing.js')).status).toBe(404)
  })

  it('says how to build when the app is not built', async () => {
    const { app } = await startTestServer({ staticDir: mkdtempSync(join(tmpdir(), 'xsj-empty-')) })
    const response = await app.request('/')
    expect(response.status).toBe(503)
    expect(await response.text()).toContain('npm run build')
  })
})

describe('configuration', () => {
  it('defaults to port 8080 and refuses a bad PORT or LOG_LEVEL with a readable message', () => {
    expect(readConfig({}).port).toBe(8080)
    expect(readConfig({ PORT: '9000' }).port).toBe(9000)
    expect(() => readConfig({ PORT: 'abc' })).toThrow('PORT must be a port number, got "abc"')
    expect(() => readConfig({ LOG_LEVEL: 'loud' })).toThrow('LOG_LEVEL must be')
    expect(readConfig({}).databasePoolSize).toBe(10)
    expect(readConfig({ DATABASE_POOL_SIZE: '30' }).databasePoolSize).toBe(30)
    expect(() => readConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(
      'DATABASE_POOL_SIZE must be a whole number from 1 to 500, got "0"',
    )
  })

  it('keeps photos in DATA_DIR/blobs unless BLOB_DIR names another folder', () => {
    expect(readConfig({}).blobDir).toBe(resolve('data', 'blobs'))
    expect(readConfig({ DATA_DIR: '/srv/xsj' }).blobDir).toBe('/srv/xsj/blobs')
    expect(readConfig({ DATA_DIR: '/srv/xsj', BLOB_DIR: '/mnt/shared/xsj-blobs' }).blobDir).toBe(
      '/mnt/shared/xsj-blobs',
    )
    expect(readConfig({ DATA_DIR: '/srv/xsj', BLOB_DIR: '' }).blobDir).toBe('/srv/xsj/blobs')
  })
})
