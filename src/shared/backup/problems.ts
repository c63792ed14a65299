/**
 * Why a backup file cannot be restored, as values: each says what is wrong in words a person can act on, in both
 * languages, and restoring one of them changes nothing on the phone.
 */
import type { Localized } from '../localized'

export type BackupProblemKind = 'foreign' | 'newerVersion' | 'corrupt' | 'otherAccount'

export interface BackupProblem {
  kind: BackupProblemKind
  message: Localized
}

export type BackupCheck<T> = { ok: true; value: T } | { ok: false; problem: BackupProblem }

export function refused(problem: BackupProblem): { ok: false; problem: BackupProblem } {
  return { ok: false, problem }
}

export function foreignFile(): BackupProblem {
  return {
    kind: 'foreign',
    message: {
      zh: '这不是学思践的备份文件。请选择在“我的 → 数据备份”中用“备份到文件”保存的 .zip 文件。',
      en: 'This is not a 学思践 backup file. Choose a .zip file saved with “Back up to a file” under Me → Data backup.',
    },
  }
}

/** `what` names what this version does not know: the format version, or fields a newer app added to records. */
export function newerVersion(what: Localized): BackupProblem {
  return {
    kind: 'newerVersion',
    message: {
      zh: `备份来自更新版本的学思践（${what.zh}），请先更新应用再恢复。`,
      en: `This backup was made by a newer version of 学思践 (${what.en}). Update the app, then restore.`,
    },
  }
}

/** `detail` says where the damage is, e.g. 第 3 条学习记录：请填写学习主题. */
export function corrupt(detail: Localized): BackupProblem {
  return {
    kind: 'corrupt',
    message: {
      zh: `备份文件已损坏（${detail.zh}），没有恢复任何内容。请换一份备份文件再试。`,
      en: `The backup file is damaged (${detail.en}). Nothing was restored. Try another backup file.`,
    },
  }
}

export function otherAccount(backupName: string, deviceName: string): BackupProblem {
  return {
    kind: 'otherAccount',
    message: {
      zh: `这份备份属于账号“${backupName}”，这台手机上的记录属于账号“${deviceName}”。两个账号的记录不能混在一起，没有恢复任何内容。`,
      en: `This backup belongs to the account “${backupName}”, and the records on this phone to “${deviceName}”. The two accounts’ records cannot be mixed; nothing was restored.`,
    },
  }
}

/** The first 8 digits of a hash: enough for a person to tell photos apart in a message. */
export function shortHash(hash: string): string {
  return hash.slice(0, 8)
}
