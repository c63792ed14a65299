import type { FieldError } from '../../shared/validation'
import { apiError } from '../http/errors'

export function invalidFields(fields: FieldError[]) {
  return apiError(400, 'invalid_request', fields.map((f) => f.message).join('；'), {
    messageEn: 'Some fields need fixing',
    fields,
  })
}

export function nameTaken() {
  return apiError(409, 'name_taken', '这个用户名已被使用，请换一个', {
    messageEn: 'This user name is taken',
    fields: [{ path: 'name', message: '这个用户名已被使用，请换一个' }],
  })
}
