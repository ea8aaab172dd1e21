import { Registry } from 'prom-client';
import { lockMetrics } from './lock.metrics.js';

describe('lockMetrics', () => {
  it('turns the lock events into counters and a histogram', async () => {
    const registry = new Registry();
    const observer = lockMetrics(registry);
    observer.acquire('acquired', 0.002, true);
    observer.acquire('timeout', 1, true);
    observer.extend(true);
    observer.lost('expired');
    observer.handOff?.('in-process');
    observer.handOff?.('in-process');
    observer.handOff?.('script');
    const text = await registry.metrics();
    expect(text).toContain('lock_acquire_total{outcome="acquired"} 1');
    expect(text).toContain('lock_acquire_total{outcome="timeout"} 1');
    expect(text).toContain('lock_contended_total 2');
    expect(text).toContain('lock_acquire_seconds_count 2');
    expect(text).toContain('lock_extensions_total{outcome="ok"} 1');
    expect(text).toContain('lock_lost_total{reason="expired"} 1');
    expect(text).toContain('lock_hand_offs_total{kind="in-process"} 2');
    expect(text).toContain('lock_hand_offs_total{kind="script"} 1');
  });

  it('reuses the metrics already on the registry (a second app module)', async () => {
    const registry = new Registry();
    lockMetrics(registry).handOff?.('script');
    lockMetrics(registry).handOff?.('script');
    expect(await registry.metrics()).toContain('lock_hand_offs_total{kind="script"} 2');
  });
});
