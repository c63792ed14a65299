/**
 * The strings of the export and print screens. Apart from zh-CN.ts because only those screens, loaded on demand, use
 * them: the first screen never pays for them. export-en-US.ts must have the same keys.
 */
export const exportZhCN = {
  'export.title': '导出台账与报告',
  'export.range': '统计区间',
  'export.from': '开始日期',
  'export.to': '结束日期',
  'export.quick.month': '本月',
  'export.quick.quarter': '本季度',
  'export.quick.year': '本年',
  'export.quick.lastYear': '上一年',
  'export.files': '导出',
  'export.ledger': '导出台账（Excel）',
  'export.ledgerHint': '学习记录、读书笔记、走访记录、问题台账各一页',
  'export.report': '生成年度报告素材（Word）',
  'export.reportHint': '按公文格式汇总学习、读书、走访和问题办理情况，可在 Word 或 WPS 中修改',
  'export.print': '打印本月台账',
  'export.printHint': 'A4 横向，每类记录另起一页',
  'export.offline': '文件全部在本机生成，不联网也能导出。报告抬头的单位、支部和姓名取自“学习制度与个人信息”。',
  'export.stage.reading': '正在读取记录…',
  'export.stage.arranging': '正在整理 {n} 条记录…',
  'export.stage.writing': '正在生成文件…',
  'export.done': '已生成“{name}”',
  'export.badRange': '开始日期不能晚于结束日期',
  'export.chunkFailed': '导出组件没有加载成功：请联网后再打开一次本页，之后即可离线导出。',
  'export.failed': '导出失败，请重试。（{detail}）',
  'print.title': '{month}学习台账',
  'print.print': '打印',
  'print.previous': '上月',
  'print.next': '下月',
  'print.count': '共 {n} 条',
  'print.none': '本月没有记录',
  'print.printedOn': '打印日期：{date}',
  'print.hint': '手机上可左右滑动表格；打印或存为 PDF 时为 A4 横向。',
} as const

export type ExportMessageKey = keyof typeof exportZhCN
