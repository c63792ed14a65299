/** The screens show positions as the exports do (shared/geo-text.ts), with the accuracy as "m". */
export { coordinatesText, geoPointText } from '../../../shared/geo-text'
