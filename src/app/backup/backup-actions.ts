/**
 * The one module 我的 → 数据备份 loads on demand (with fflate): making a backup file and restoring one. Nothing here
 * is in the first screen's bundle.
 */
export { createBackupFile, type BackupProgress, type CreatedBackup } from './create-backup'
export { readBackupFile, type BackupFile } from './read-backup-file'
export { previewRestore, restoreBackup, type RestoreOutcome, type RestoreSummary } from './restore-backup'
export { saveFile } from '../pwa/save-file'
