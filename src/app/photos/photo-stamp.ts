/**
 * The date, time and place drawn onto an evidence photo (the setting 照片加水印 under 我的), as cameras used for
 * 走访 evidence do: a dark band across the bottom with white text, sized to the photo so it stays readable.
 */
import type { GeoPoint } from '../../shared/fields'
import { geoPointText } from '../../shared/geo-text'

export interface PhotoStamp {
  takenAt: Date
  /** The record's place (走访地点, 学习地点), or ''. */
  place: string
  point: GeoPoint | null
}

/** The stamp is written in digits and SI units, like the time above it, whatever the screen's language. */
const STAMP_LOCALE = 'en-US'

const pad = (n: number) => String(n).padStart(2, '0')

export function stampLines(stamp: PhotoStamp): string[] {
  const t = stamp.takenAt
  const time = `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())} ${pad(t.getHours())}:${pad(t.getMinutes())}`
  return [time, stamp.place, stamp.point ? geoPointText(stamp.point, STAMP_LOCALE) : ''].filter((line) => line !== '')
}

type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D

/** Draws the stamp over the bottom of an image already on the canvas context, `width` × `height` pixels. */
export function drawStamp(ctx: Context2D, width: number, height: number, stamp: PhotoStamp): void {
  const lines = stampLines(stamp)
  // About 3 % of the longer side: 58 px on a 1920 px photo, still legible when the photo is shown a phone wide.
  const fontPx = Math.max(16, Math.round(Math.max(width, height) * 0.03))
  const lineHeight = Math.round(fontPx * 1.35)
  const padding = Math.round(fontPx * 0.6)
  const band = lines.length * lineHeight + padding * 2
  ctx.fillStyle = 'rgba(0, 0, 0, 0.5)'
  ctx.fillRect(0, height - band, width, band)
  ctx.font = `600 ${fontPx}px "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif`
  ctx.fillStyle = '#ffffff'
  ctx.textBaseline = 'top'
  lines.forEach((line, i) => {
    ctx.fillText(line, padding, height - band + padding + i * lineHeight, width - padding * 2)
  })
}
