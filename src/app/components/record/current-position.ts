/**
 * One GPS fix for a visit. High accuracy asks for the GPS itself, which needs no network (a village without
 * signal still gets a position); 30 s gives a cold GPS time to find satellites; a fix up to a minute old is
 * as good for "where the visit was".
 */
import type { GeoPoint } from '../../../shared/fields'

export type PositionFailure = 'denied' | 'unavailable' | 'timeout' | 'unsupported'

export class PositionError extends Error {
  constructor(readonly failure: PositionFailure) {
    super(`position: ${failure}`)
    this.name = 'PositionError'
  }
}

const POSITION_OPTIONS: PositionOptions = { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 }

function failureOf(error: GeolocationPositionError): PositionFailure {
  if (error.code === error.PERMISSION_DENIED) return 'denied'
  if (error.code === error.TIMEOUT) return 'timeout'
  return 'unavailable'
}

export function currentPosition(): Promise<GeoPoint> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new PositionError('unsupported'))
      return
    }
    navigator.geolocation.getCurrentPosition(
      (position) =>
        resolve({
          latitude: position.coords.latitude,
          longitude: position.coords.longitude,
          accuracy: position.coords.accuracy,
          takenAt: new Date(position.timestamp).toISOString(),
        }),
      (error) => reject(new PositionError(failureOf(error))),
      POSITION_OPTIONS,
    )
  })
}

/**
 * Whether the phone already lets the app read the position, so taking it asks the person nothing. Browsers without
 * the Permissions API (or that do not know this name) answer false: the position then waits for a tap.
 */
export async function isPositionAllowed(): Promise<boolean> {
  try {
    return (await navigator.permissions.query({ name: 'geolocation' })).state === 'granted'
  } catch {
    return false
  }
}
