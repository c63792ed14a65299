import { describe, expect, it } from 'vitest'
import {
  checkAccountName,
  checkDisplayName,
  checkNewAccount,
  checkPassword,
  nameKeyOf,
  normalizeName,
} from '../../src/shared/accounts'

describe('account names (PRECIS UsernameCaseMapped)', () => {
  it('keys names by their width-mapped, lower-case form, without invisible characters', () => {
    expect(nameKeyOf(' Admin ')).toBe('admin')
    expect(nameKeyOf('ａｄｍｉｎ')).toBe('admin')
    expect(nameKeyOf('ＡＤＭＩＮ')).toBe('admin')
    expect(nameKeyOf('admin\u200b')).toBe('admin')
    expect(nameKeyOf('\u202eadmin')).toBe('admin')
    expect(nameKeyOf('张书记')).toBe('张书记')
    // A Cyrillic а is another letter, not a way of writing a Latin one: it is refused as a name instead.
    expect(nameKeyOf('\u0430dmin')).not.toBe('admin')
  })

  it('stores the width-mapped name, keeping its case', () => {
    expect(normalizeName('  Ｌｉ　Ｍｉｎｇ ')).toBe('Li Ming')
    expect(normalizeName('Zhang.San')).toBe('Zhang.San')
  })

  it('refuses what a reader cannot see or tell apart, in either language', () => {
    expect(checkAccountName('admin\u200b')).toBe('用户名不能包含看不见的字符或控制字符')
    expect(checkAccountName('admin\u200b', 'en-US')).toBe(
      'The user name cannot contain invisible or control characters',
    )
    expect(checkAccountName('\u202eadmin')).toBe('用户名不能包含看不见的字符或控制字符')
    expect(checkAccountName('admin\u0007')).toBe('用户名不能包含看不见的字符或控制字符')
    expect(checkAccountName('\u0430dmin', 'en-US')).toBe(
      'The user name cannot mix Latin, Cyrillic and Greek letters, or use Cyrillic or Greek letters that look Latin',
    )
    expect(checkAccountName('\u0410\u0412\u0421')).toMatch(/^用户名不能混用拉丁、西里尔、希腊字母/)
    expect(checkAccountName('\u03bf\u03ba')).toMatch(/^用户名不能混用拉丁、西里尔、希腊字母/)
    expect(checkAccountName('\u05e9\u05dc\u05d5\u05dd-abc')).toBe('用户名不能混用从右向左书写的文字与其他文字')
    expect(checkAccountName('admin\uf8ff')).toBe('用户名包含无法识别的字符')
    expect(checkAccountName('admin★')).toBe('用户名只能包含文字、字母、数字和英文标点')
    expect(checkAccountName('admin١٢')).toBe('用户名只能包含文字、字母、数字和英文标点')
    expect(checkAccountName('has space')).toBe('用户名不能包含空格')
    expect(checkAccountName('a')).toBe('用户名须为 2–32 个字符')
  })

  it('takes ordinary names in any script', () => {
    for (const name of [
      'admin',
      'ａｄｍｉｎ',
      '张书记',
      'li明',
      'zhang.san_01',
      'Иван',
      'Σωκράτης',
      '\u05e9\u05dc\u05d5\u05dd',
      'user@unit-3',
    ]) {
      expect(checkAccountName(name), name).toBeNull()
    }
  })

  it('refuses bidi controls in a display name, which is shown beside the name', () => {
    expect(checkDisplayName('管理员\u202e')).toBe('姓名不能包含看不见的字符或控制字符')
    expect(checkDisplayName('李 明')).toBeNull()
  })
})

describe('password rules shared with the forms', () => {
  it('refuses repeated and straight runs as too common', () => {
    for (const password of ['88888888', '00000000', '123123123', 'asdasdasd', '87654321', 'abcdefgh', '        ']) {
      expect(checkPassword(password), password).toBe('这个密码太常见，很容易被猜到，请换一个')
    }
    expect(checkPassword('88888888', 'en-US')).toBe('This password is too common and easy to guess: choose another')
  })

  it('refuses the name or display name, alone or with digits, symbols or a few letters around it', () => {
    const owner = { name: 'Zhangsan', displayName: '张三' }
    for (const password of [
      'zhangsan',
      'ZHANGSAN1234',
      '!zhangsan!',
      'zhangsanabc',
      '张三 2026 ',
      'ｚｈａｎｇｓａｎ99',
    ]) {
      expect(checkPassword(password, 'zh-CN', owner), password).toBe(
        '密码不能是用户名或姓名，也不能只在它们前后加几个数字或符号',
      )
    }
    for (const password of ['zhangsan walks to work', '党建引领 2026', 'correct horse battery']) {
      expect(checkPassword(password, 'zh-CN', owner), password).toBeNull()
    }
  })

  it('checks a new account’s password against its own name and display name', () => {
    expect(checkNewAccount({ name: 'admin', password: 'admin1234' })).toEqual([
      { path: 'password', message: '密码不能是用户名或姓名，也不能只在它们前后加几个数字或符号' },
    ])
    expect(checkNewAccount({ name: 'zhanglixin', displayName: '张立新', password: '党建引领 2026' })).toEqual([])
  })
})
