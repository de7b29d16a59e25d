/** The reading speed: a factor from 0.5 to 2 (1 is the voice's own pace). The one place the range is defined. */
export const MIN_SPEED = 0.5;
export const MAX_SPEED = 2;

export function isValidSpeed(speed: number): boolean {
  return Number.isFinite(speed) && speed >= MIN_SPEED && speed <= MAX_SPEED;
}

/** A speed from anywhere (settings typed by hand, protocol messages) brought into range; not a number → 1. */
export function clampSpeed(speed: number): number {
  return Number.isFinite(speed) ? Math.min(MAX_SPEED, Math.max(MIN_SPEED, speed)) : 1;
}
