/** A position as people read and copy it: decimal degrees to 6 places (about 0.1 m) and the accuracy in metres. */
import type { GeoPoint } from '../../../shared/fields'

export function coordinatesText(point: GeoPoint): string {
  return `${point.latitude.toFixed(6)}, ${point.longitude.toFixed(6)}`
}

export function geoPointText(point: GeoPoint): string {
  return `${coordinatesText(point)} ±${Math.round(point.accuracy)} m`
}
