/** The little of redlock 4's API the benchmark uses (the package ships no types). */
declare module 'redlock' {
  interface Lock {
    unlock(): Promise<void>;
  }
  interface Options {
    retryCount?: number;
    retryDelay?: number;
    retryJitter?: number;
    driftFactor?: number;
  }
  export default class Redlock {
    constructor(clients: unknown[], options?: Options);
    lock(resource: string, ttl: number): Promise<Lock>;
  }
}
