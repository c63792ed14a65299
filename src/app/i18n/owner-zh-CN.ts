/**
 * The strings of a record's owner (docs/units.md): which unit a session belongs to, 共享给…, the roster, who wrote a
 * shared record, and the unit's figures on 首页. owner-en-US.ts must have the same keys.
 */
export const ownerZhCN = {
  'owner.title': '归属与共享',
  'owner.belongsTo': '记录归属',
  'owner.personal': '个人记录',
  'owner.personalHint': '只有自己能看到，可共享给所在党组织',
  'owner.unitHint': '{unit}的成员都能看到；书记和获准记录的成员可以修改',
  'owner.unit': '所属党组织',
  'owner.sharedWith': '共享给',
  'owner.shareNone': '不共享（仅自己可见）',
  'owner.shareHint': '共享后，所选党组织的成员只能查看，不能修改',
  'owner.sharedFrom': '{name}共享',
  'owner.someone': '其他成员',
  'owner.readOnly': '这是{name}共享给你所在党组织的记录，只能查看。',
  'owner.readOnlyUnit': '这是{unit}的记录，由书记或获准记录的成员填写，你可以查看。',
  'owner.roster': '到会成员（从名单选择）',
  'owner.rosterHint':
    '勾选到会的成员，姓名会自动填入“实到人员”，未勾选的成员列入“缺席人员”待填原因；非成员的列席人员仍在下方输入',
  'owner.rosterEmpty': '名单还没有同步到这台手机：联网同步后即可勾选',
  'owner.rosterCount': '已选 {n}/{total} 人',
  'owner.conflictPerson': '{person}（{device}）',
  'home.mine': '我的',
  'home.unitFigures': '{unit} · 本月',
  'home.unitHeld': '集体学习',
  'home.unitHeldValue': '{held}/{minimum} 次',
  'home.unitAttendance': '成员出勤率',
  'home.unitAttendanceRow': '{attended}/{held} 次',
  'home.unitNoSessions': '本月还没有集体学习记录',
  'home.unitShared': '成员共享的走访',
} as const

export type OwnerMessageKey = keyof typeof ownerZhCN
