import type { Reader } from '../reader';

export function stop(reader: Reader): void {
  reader.stop();
}
