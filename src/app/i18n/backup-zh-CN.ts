/**
 * The strings of 我的 → 数据备份 (backup to a file and restore from one). Apart from zh-CN.ts because only that
 * panel, loaded with 我的, uses them. backup-en-US.ts must have the same keys (the compiler checks it). The reasons a
 * file is refused come from src/shared/backup/problems.ts, in both languages.
 */
export const backupZhCN = {
  'backup.title': '数据备份',
  'backup.create': '备份到文件',
  'backup.createHint': '把本机全部记录、照片和设置存为一个 .zip 文件，无需联网',
  'backup.restore': '从备份恢复',
  'backup.restoreHint': '先检查文件，确认后才写入；本机较新的记录不会被覆盖',
  'backup.progressRecords': '正在读取记录…',
  'backup.progressPhotos': '正在备份照片 {done}/{total}',
  'backup.progressZip': '正在生成备份文件…',
  'backup.progressCheck': '正在检查备份文件…',
  'backup.progressCheckPhotos': '正在检查照片 {done}/{total}',
  'backup.progressWrite': '正在恢复…',
  'backup.created': '已保存备份文件“{name}”：{records} 条记录、{photos} 张照片，{size}',
  'backup.createdDamaged': '{n} 张照片在本机已损坏，未能备份。',
  'backup.createFailed': '备份失败，没有生成文件：{detail}',
  'backup.refusedTitle': '无法恢复',
  'backup.readFailed': '无法读取所选文件：{detail}',
  'backup.confirmTitle': '从备份恢复',
  'backup.confirmFrom': '备份于 {time}（学思践 {app}）',
  'backup.confirmAdd': '新增 {n} 条记录',
  'backup.confirmReplace': '用备份中较新的版本更新 {n} 条',
  'backup.confirmDeleted': '其中 {n} 条在备份中已删除，本机也将删除',
  'backup.confirmSame': '{n} 条与本机相同，不变',
  'backup.confirmKeptNewer': '{n} 条本机的版本较新，保留本机的',
  'backup.confirmKeptUnsent': '{n} 条本机有尚未同步的修改，保留本机的',
  'backup.confirmPhotos': '照片：新增 {added} 张',
  'backup.confirmPhotosPresent': '，本机已有 {present} 张',
  'backup.confirmSettingsAdopt': '学习制度与个人信息：使用备份中的设置',
  'backup.confirmSettingsKeep': '学习制度与个人信息：本机已设置，保留本机的',
  'backup.confirmAccount': '这些记录属于账号“{name}”，登录该账号后会同步到服务器',
  'backup.confirmNothing': '备份中的内容本机都已有，无需恢复。',
  'backup.confirmButton': '恢复',
  'backup.restoredTitle': '恢复完成',
  'backup.restored': '新增 {added} 条，更新 {replaced} 条，保留本机 {kept} 条；照片新增 {photos} 张。',
  'backup.restoredPending': '登录同步后，恢复的记录会与服务器核对：服务器上较新的版本为准，服务器没有的会上传。',
  'backup.storageQuota': '手机存储空间不足，没有恢复任何内容。请清理手机空间后再试。',
  'backup.storageUnavailable': '浏览器存储暂时无法使用，没有恢复任何内容。请稍后再试。',
  'backup.storageUnknown': '恢复失败，没有写入任何内容：{detail}',
} as const

export type BackupMessageKey = keyof typeof backupZhCN
