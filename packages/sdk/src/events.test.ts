import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientEventEmitter } from './events.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ClientEventEmitter', () => {
  it('calls listeners of one event in order until they unsubscribe', () => {
    const emitter = new ClientEventEmitter();
    const calls: string[] = [];
    const off = emitter.on('queued', (e) => calls.push(`first ${e.id}`));
    emitter.on('queued', (e) => calls.push(`second ${e.id}`));
    emitter.on('sent', () => calls.push('wrong event'));
    emitter.emit('queued', { id: 'a', kind: 'signup', expiresAt: 1 });
    off();
    emitter.emit('queued', { id: 'b', kind: 'signup', expiresAt: 1 });
    expect(calls).toEqual(['first a', 'second a', 'second b']);
  });

  it('reports a throwing listener and still calls the next one', () => {
    const reported = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const emitter = new ClientEventEmitter();
    const calls: string[] = [];
    emitter.on('expired', () => {
      throw new Error('listener bug');
    });
    emitter.on('expired', () => calls.push('after'));
    emitter.emit('expired', { id: 'a', kind: 'rsvp', queuedAt: 0, expiresAt: 1 });
    expect(calls).toEqual(['after']);
    expect(reported).toHaveBeenCalledWith(expect.objectContaining({ message: 'listener bug' }));
  });
});
