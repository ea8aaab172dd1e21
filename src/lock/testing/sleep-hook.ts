import { NOOP_LOCK_OBSERVER, type HandOffKind, type LockObserver } from '../lock-observer.js';

/**
 * A lock observer for tests: `asleep()` resolves when the next caller goes to sleep waiting
 * (for `resource`, or for any resource), so a test waits for that instead of sleeping; it also
 * records every hand-off.
 */
export class SleepHook implements LockObserver {
  acquire = NOOP_LOCK_OBSERVER.acquire;
  extend = NOOP_LOCK_OBSERVER.extend;
  lost = NOOP_LOCK_OBSERVER.lost;
  readonly handOffs: HandOffKind[] = [];
  private readonly next = new Map<string | undefined, () => void>();

  handOff(kind: HandOffKind): void {
    this.handOffs.push(kind);
  }

  sleeping(resource: string): void {
    for (const key of [resource, undefined]) {
      this.next.get(key)?.();
      this.next.delete(key);
    }
  }

  asleep(resource?: string): Promise<void> {
    return new Promise((resolve) => this.next.set(resource, resolve));
  }
}
