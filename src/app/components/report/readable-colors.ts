/**
 * Tag backgrounds that white text reads on at 4.5:1 or better (WCAG AA, Lighthouse's colour-contrast audit).
 * Vant's own success, danger and warning colours give 2.2–4.0:1 with white: too faint for older eyes in daylight.
 */
export const READABLE = {
  success: '#1a7f37',
  danger: '#b71c1c',
  warning: '#a34d00',
  neutral: '#4a5568',
} as const
