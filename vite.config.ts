import vue from '@vitejs/plugin-vue'
import { readFileSync } from 'node:fs'
import { defineConfig } from 'vite'
import { VitePWA } from 'vite-plugin-pwa'
import { minifyPublicScripts } from './scripts/vite/minify-public-scripts'
import { precompress } from './scripts/vite/precompress'
import { vantIconFont } from './scripts/vite/vant-icon-font'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(version) },
  plugins: [
    vue(),
    vantIconFont(),
    minifyPublicScripts(['first-screen.js']),
    precompress(),
    VitePWA({
      // 'prompt': a new version waits for the user's tap instead of reloading under a half-filled form.
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon.svg', 'favicon-32x32.png', 'apple-touch-icon.png', 'robots.txt'],
      manifest: {
        id: '/',
        name: '学思践',
        short_name: '学思践',
        description: '党员干部学习记录、读书笔记与基层走访，离线可用',
        lang: 'zh-CN',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        theme_color: '#b71c1c',
        background_color: '#f5f5f7',
        categories: ['education', 'productivity'],
        icons: [
          { src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/maskable-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,txt,webmanifest,woff2}'],
        // The iPhone guide's screenshots (pages/IosGuidePage.vue) are fetched when the guide is read online, not
        // put on every phone at install: about 300 KB for a page most never open. Offline the guide is text alone.
        globIgnores: ['**/guide-*.png'],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//],
        cleanupOutdatedCaches: true,
        // A tap on a reminder notification opens the app at 提醒 (public/sw-notifications.js).
        importScripts: ['/sw-notifications.js'],
      },
    }),
  ],
  // `npm run dev` serves the app with hot reload; the sync API comes from `npm start`'s server on 8080.
  server: {
    proxy: { '/api': `http://localhost:${process.env.API_PORT ?? 8080}` },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 500,
    // dist/.vite/manifest.json: which chunks and stylesheets each route loads (npm run bench, "Load").
    manifest: true,
  },
})
