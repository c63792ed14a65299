/**
 * The export screen and the print view, loaded together as one chunk. They share their strings and the reading of a
 * date range; and every lazy chunk that reaches into the first screen's modules makes the bundler cut the first
 * screen's shared chunks differently, which costs the entry bytes (router.ts says how much).
 */
export { default as ExportPage } from './ExportPage.vue'
export { default as PrintLedgerPage } from './PrintLedgerPage.vue'
