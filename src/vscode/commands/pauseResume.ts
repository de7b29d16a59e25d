import type { Reader } from '../reader';

export function pauseResume(reader: Reader): void {
  reader.pauseResume();
}
