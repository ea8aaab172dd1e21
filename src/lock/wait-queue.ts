import type { ReleaseNotifier } from './release-notifier.js';
import type { Waiter } from './waiter.js';

/** How long a release channel stays subscribed after its last local waiter left. */
const SUBSCRIPTION_LINGER_MS = 1000;

/**
 * The callers in this process waiting for one resource, first come first served: only the head
 * contends on Redis, so local waiters neither stampede the nodes on every release nor overtake
 * each other. The queue owns its release channel's subscription (kept for a while after it
 * drains), the sit-out after a release to everyone, and the current run of hand-offs
 * (`docs/lock.md`, "Waiting without polling").
 */
export class WaitQueue {
  /** Settles when the release channel is subscribed (or the subscription gave up). */
  readonly subscribed: Promise<void>;
  private ready = false;
  private releases = 0;
  /** Until then (monotonic ms) the head lets other processes try first. */
  private sitOutUntil = 0;
  /** The token this process last released to everyone: its own release message. */
  private ownRelease: string | undefined;
  /** Another process released since the head last looked (see `takeForeignRelease`). */
  private foreignRelease = false;
  /** When the current run of hand-offs began; none since the last release to everyone. */
  private handOffsSince: number | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly waiters: Waiter[] = [];

  constructor(
    private readonly channel: string,
    private readonly notifier: ReleaseNotifier,
    /** Called when the queue has stayed empty for a while and unsubscribed: forget it. */
    private readonly onDrained: (queue: WaitQueue) => void,
  ) {
    this.subscribed = notifier
      .subscribe(channel, (released) => this.heard(released))
      .then(() => {
        this.ready = true;
      });
  }

  get head(): Waiter | undefined {
    return this.waiters[0];
  }

  get empty(): boolean {
    return this.waiters.length === 0;
  }

  /**
   * A marker to compare with `releasedSince`: `undefined` while not yet subscribed (a release
   * may be missed, so the caller must try again after joining).
   */
  releaseMark(): number | undefined {
    return this.ready ? this.releases : undefined;
  }

  releasedSince(mark: number | undefined): boolean {
    return mark === undefined || this.releases !== mark;
  }

  /** Whether the channel is subscribed yet. */
  get listening(): boolean {
    return this.ready;
  }

  join(waiter: Waiter): void {
    clearTimeout(this.lingerTimer);
    // A release heard while nobody waited is no race for a newcomer.
    if (this.waiters.length === 0) this.foreignRelease = false;
    this.waiters.push(waiter);
  }

  /**
   * Removes the waiter. A new head is woken: to wait for the release if the old head acquired
   * (`turn`), or to try at once if it gave up. An empty queue lingers subscribed a while: a hot
   * resource would otherwise pay SUBSCRIBE and UNSUBSCRIBE every time it drains for a moment.
   */
  leave(waiter: Waiter, acquired: boolean): void {
    const index = this.waiters.indexOf(waiter);
    if (index < 0) return;
    this.waiters.splice(index, 1);
    if (index === 0) this.waiters[0]?.wake(acquired ? 'turn' : 'released');
    if (this.waiters.length > 0) return;
    clearTimeout(this.lingerTimer);
    this.lingerTimer = setTimeout(() => {
      if (!this.empty) return;
      this.close();
      this.onDrained(this);
    }, SUBSCRIPTION_LINGER_MS).unref();
  }

  /** Sitting out (see `releasedToEveryone`): ms left, 0 when not. */
  sitOutLeft(now: number): number {
    return Math.max(0, this.sitOutUntil - now);
  }

  /** Whether another process released since the last call: its waiters race ours now. */
  takeForeignRelease(): boolean {
    const foreign = this.foreignRelease;
    this.foreignRelease = false;
    return foreign;
  }

  /**
   * This process is about to release `token` to everyone: its own message, when it comes, is
   * no other process's turn. It also ends a run of hand-offs.
   */
  releasing(token: string): void {
    this.handOffsSince = undefined;
    this.ownRelease = token;
  }

  /**
   * The release reached `listeners` subscribers. If waiters of other processes heard it (ours
   * is one listener), this process's waiters, on a hot CPU, would win the race again and again:
   * they sit out `sitOutMs` and let the others try first.
   */
  released(listeners: number, now: number, sitOutMs: number): void {
    if (listeners > 1) this.sitOutUntil = now + sitOutMs;
  }

  /** Whether a run of hand-offs may go on at `now` (starting one if none): at most `maxMs`. */
  continueHandOffs(now: number, maxMs: number): boolean {
    if (this.handOffsSince === undefined) this.handOffsSince = now;
    return now - this.handOffsSince < maxMs;
  }

  close(): void {
    clearTimeout(this.lingerTimer);
    this.notifier.unsubscribe(this.channel);
  }

  private heard(released: string): void {
    this.releases++;
    if (released !== this.ownRelease) {
      // Another process released: it has had its turn, ours need not sit out any longer.
      this.sitOutUntil = 0;
      this.foreignRelease = true;
    }
    this.head?.wake('released');
  }
}
