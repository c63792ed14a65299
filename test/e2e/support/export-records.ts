/**
 * A known set of records around "this year" for the export test and the screenshots: sessions on the year's first
 * and last days, one this month, a deleted one and one from last year (neither may be exported), notes, and visits
 * with problems in each state. No vitest imports (the screenshot script uses it).
 */
import type { KnownRecords } from './stored-records'

export const REPORT_SETTINGS = {
  monthlyMinimum: 1,
  reportDeadlineDays: 3,
  yearlyHoursTarget: 50,
  name: '张立新',
  unit: '市文化和旅游局',
  branch: '机关第一党支部',
}

const CENTER_GROUP_TOPIC = '学习贯彻习近平文化思想'

export interface ExportRecords {
  stored: KnownRecords
  centerGroupTopic: string
  /** What this year's export must hold. */
  expected: {
    studySessions: number
    readingNotes: number
    visits: number
    problems: number
    studySessionsThisMonth: number
  }
}

export function exportRecords(today: string): ExportRecords {
  const year = Number(today.slice(0, 4))
  const month = today.slice(0, 7)
  const firstDay = `${year}-01-01`
  const source = { title: '《习近平谈治国理政》第四卷', author: '习近平', chapter: '坚持以人民为中心', page: '317' }
  const sessionDates = [firstDay, `${month}-01`, `${year}-12-31`]
  return {
    centerGroupTopic: CENTER_GROUP_TOPIC,
    expected: {
      studySessions: 3,
      readingNotes: 2,
      visits: 2,
      problems: 3,
      studySessionsThisMonth: sessionDates.filter((date) => date.startsWith(month)).length,
    },
    stored: {
      studySessions: [
        {
          fields: {
            kind: 'centerGroup',
            topic: CENTER_GROUP_TOPIC,
            date: `${month}-01`,
            startTime: '09:00',
            durationHours: 2.5,
            place: '局三楼会议室',
            host: '张立新',
            leadSpeaker: '刘文静',
            materials: ['《习近平文化思想学习纲要》'],
            summary:
              '刘文静同志领学了《习近平文化思想学习纲要》。会议强调，要把理论学习成果转化为推动文旅事业高质量发展的强大动力。',
            attendance: {
              expected: 9,
              present: ['张立新', '刘文静', '王建国', '李明华', '赵雪梅', '陈志强', '孙丽'],
              absent: [
                { name: '周海涛', reason: '外出参加全省文旅系统培训' },
                { name: '吴晓燕', reason: '病假' },
              ],
            },
            speeches: [{ speaker: '李明华', gist: '要坚持以文塑旅、以旅彰文，推动公共文化服务向农村延伸。' }],
            tags: ['中心组'],
          },
        },
        {
          fields: {
            kind: 'online',
            topic: '灯塔大课堂：文化强国建设',
            date: firstDay,
            durationHours: 1,
            place: '灯塔大课堂',
          },
        },
        {
          fields: {
            kind: 'collective',
            topic: '学习《中国共产党章程》',
            date: `${year}-12-31`,
            startTime: '14:30',
            durationHours: 3,
            place: '局三楼会议室',
            attendance: { expected: null, present: [], absent: [] },
          },
        },
        {
          fields: { kind: 'collective', topic: '已删除的学习', date: `${month}-01`, durationHours: 2 },
          deletedAt: `${today}T08:00:00.000Z`,
        },
        { fields: { kind: 'centerGroup', topic: '去年的学习', date: `${year - 1}-12-31`, durationHours: 2 } },
      ],
      readingNotes: [
        { fields: { kind: 'excerpt', source, date: `${month}-01`, excerpt: '江山就是人民，人民就是江山。' } },
        {
          fields: {
            kind: 'reflection',
            source,
            date: firstDay,
            reflection: '文化惠民要从群众需要出发，不能只建不用。',
          },
        },
      ],
      visits: [
        {
          fields: {
            kind: 'pairedVillage',
            date: `${month}-01`,
            place: '桃源镇石门村',
            address: '桃源镇石门村村委会',
            companions: ['王建国'],
            location: {
              latitude: 29.0312345,
              longitude: 111.6987654,
              accuracy: 8,
              takenAt: `${month}-01T09:00:00+08:00`,
            },
            households: [{ name: '石秀兰', situation: '独居老人' }],
            findings: '村文化中心利用率不高，平日大门紧锁。',
            problems: [
              {
                description: '村文化中心缺少专职管理员',
                category: 'publicCulture',
                raisedBy: '村党支部书记石国庆',
                status: 'open',
                dueDate: `${year}-12-31`,
                resolution: '',
                resolvedDate: '',
              },
              {
                description: '农家书屋新书补充较少',
                category: 'publicCulture',
                raisedBy: '村民代表',
                status: 'resolved',
                dueDate: '',
                resolution: '协调市图书馆补充新书300册。',
                resolvedDate: `${month}-01`,
              },
            ],
          },
        },
        {
          fields: {
            kind: 'research',
            date: `${year}-02-10`,
            place: '凤凰山景区',
            problems: [
              {
                description: '文创产品缺乏特色',
                category: 'tourism',
                raisedBy: '游客意见簿',
                status: 'inProgress',
                dueDate: '',
                resolution: '',
                resolvedDate: '',
              },
            ],
          },
        },
      ],
    },
  }
}
