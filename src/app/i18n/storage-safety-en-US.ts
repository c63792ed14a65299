import type { StorageSafetyMessageKey } from './storage-safety-zh-CN'

export const storageSafetyEnUS: Record<StorageSafetyMessageKey, string> = {
  'safety.title': 'Keeping your data safe',
  'safety.kept': 'Kept',
  'safety.keptText':
    'Records, drafts and photos are stored in this phone’s browser, and can be read and written without a network.',
  'safety.risk': 'May be lost',
  'safety.riskPersisted':
    'The browser agreed to keep them: they are not cleared when space runs low. Removing the browser or this app, or clearing website data, still deletes them.',
  'safety.riskIosBrowser':
    'Used in Safari or another browser, an iPhone deletes everything this app stored after about 7 days without opening it: records and photos not synced or backed up cannot be recovered.',
  'safety.riskIosInstalled':
    'Added to the Home Screen: not cleared for going unused. Removing its icon from the Home Screen deletes all its data, and it may be cleared if the phone runs out of storage.',
  'safety.riskOther':
    'The browser did not agree to keep them: it may clear this app’s data when the phone runs low on storage.',
  'safety.sync': 'When it syncs',
  'safety.syncText':
    'Only while the app is open: nothing is uploaded in the background after it is closed. Before leaving a place with signal, open Me and check that Waiting to sync is 0.',
  'safety.protect': 'How to protect it',
  'safety.protectSignIn':
    'Sign in and sync: synced records and photos have a copy on the server; after a lost phone or cleared data, sign in again to get them back.',
  'safety.protectInstall': 'Add to the Home Screen (on an iPhone, from Safari): not cleared after a few days unused.',
  'safety.protectBackup':
    'Back up to a file regularly (Backup, below), and keep the file on a computer or cloud drive.',
  'safety.guide': 'iPhone guide',
  'safety.guideLabel': 'Adding to the Home Screen, and how an iPhone keeps data',
  'guide.iosTitle': 'iPhone guide',
}
