/** A lock on one resource as this process holds it, and as a holder hands it to a waiter. */
export interface HeldResource {
  readonly resource: string;
  /** The value of the key on the nodes: the token of the acquisition that set it. */
  readonly value: string;
  /** The fencing token of this holder: greater than every earlier one for the resource. */
  readonly fence: number;
  /** The last fencing token reserved with the key: those after `fence` are for hand-offs. */
  readonly lastFence: number;
  /** Monotonic-clock time (ms) until which the lock is safe to rely on. */
  validUntil: number;
}
