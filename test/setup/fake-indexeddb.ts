// Node has no IndexedDB: give Dexie fake-indexeddb before any test module imports it.
import 'fake-indexeddb/auto'
