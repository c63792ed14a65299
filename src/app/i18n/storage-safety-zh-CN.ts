/**
 * The strings of 我的 → 数据安全 (what this phone keeps and how to protect it) and of the iPhone guide page. Apart
 * from zh-CN.ts because only 我的 and the guide use them. storage-safety-en-US.ts must have the same keys.
 */
export const storageSafetyZhCN = {
  'safety.title': '数据安全',
  'safety.kept': '会保留',
  'safety.keptText': '记录、草稿和照片都存在这台手机的浏览器里，没有网络也能查看和填写。',
  'safety.risk': '可能丢失',
  'safety.riskPersisted':
    '浏览器已同意长期保留，空间紧张时也不会自动清除。但删除浏览器或本应用、清除网站数据时会一并删除。',
  'safety.riskIosBrowser':
    '在 Safari 等浏览器中使用时，连续约 7 天没有打开本应用，iPhone 会清除它存在本机的全部数据：没有同步或备份的记录和照片将无法找回。',
  'safety.riskIosInstalled':
    '已添加到主屏幕：不会因为一段时间不用而被清除。但从主屏幕删除图标会删除它的全部数据，手机空间极度不足时也可能被清除。',
  'safety.riskOther': '浏览器没有同意长期保留：手机存储空间紧张时，可能清除本应用的数据。',
  'safety.sync': '何时同步',
  'safety.syncText':
    '只在打开本应用时同步，关闭后不会在后台上传。离开信号好的地方前，请打开“我的”，看“待同步”是否为 0。',
  'safety.protect': '如何保护',
  'safety.protectSignIn': '登录并同步：已同步的记录和照片在服务器上有一份，手机丢失或数据被清除后，重新登录即可找回。',
  'safety.protectInstall': '添加到主屏幕（iPhone 请用 Safari）：不会因为几天不用而被清除。',
  'safety.protectBackup': '定期“备份到文件”（见下方“数据备份”），把文件存到电脑或网盘。',
  'safety.guide': 'iPhone 使用指南',
  'safety.guideLabel': '添加到主屏幕的步骤，以及 iPhone 上数据保存的规则',
  'guide.iosTitle': 'iPhone 使用指南',
} as const

export type StorageSafetyMessageKey = keyof typeof storageSafetyZhCN
