import type { GeoPoint } from '../types.ts';

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance (haversine); plenty accurate at city scale. */
export function distanceMeters(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A lat/lng box containing the circle, for a cheap indexed pre-filter before the exact distance. */
export function boundingBox(center: GeoPoint, radiusMeters: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = (radiusMeters / EARTH_RADIUS_M) * (180 / Math.PI);
  const cos = Math.max(Math.cos(rad(center.lat)), 1e-6);
  const dLng = dLat / cos;
  return { minLat: center.lat - dLat, maxLat: center.lat + dLat, minLng: center.lng - dLng, maxLng: center.lng + dLng };
}

export function isValidPoint(p: GeoPoint): boolean {
  return Number.isFinite(p.lat) && Number.isFinite(p.lng) && Math.abs(p.lat) <= 90 && Math.abs(p.lng) <= 180;
}

/** Rounds to ~100 m so an erased ticket still counts on a map without pointing at a house. */
export function coarsen(p: GeoPoint): GeoPoint {
  return { lat: Math.round(p.lat * 1000) / 1000, lng: Math.round(p.lng * 1000) / 1000 };
}

/** Rows within `radiusMeters` of `point`, nearest first (after a bounding-box query in SQL). */
export function nearestWithin<T extends { lat: number | null; lng: number | null }>(rows: T[], point: { lat: number; lng: number }, radiusMeters: number): T[] {
  return rows
    .map((r) => ({ r, d: distanceMeters(point, { lat: r.lat!, lng: r.lng! }) }))
    .filter((x) => x.d <= radiusMeters)
    .sort((a, b) => a.d - b.d)
    .map((x) => x.r);
}
