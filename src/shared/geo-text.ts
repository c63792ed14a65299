/** A position as people read and copy it: decimal degrees to 6 places (about 0.1 m) and the accuracy in metres. */
import type { GeoPoint } from './fields'
import type { Locale } from './localized'

export function coordinatesText(point: GeoPoint): string {
  return `${point.latitude.toFixed(6)}, ${point.longitude.toFixed(6)}`
}

/** No default language: a screen that left it out showed "±15 m" beside Chinese (issue 17). */
export function geoPointText(point: GeoPoint, locale: Locale): string {
  const metres = Math.round(point.accuracy)
  return `${coordinatesText(point)} ±${metres}${locale === 'zh-CN' ? '米' : ' m'}`
}
