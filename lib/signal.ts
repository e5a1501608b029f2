/**
 * A report channel from a low layer up. The layer says what happened — a flush sent or failed, a sign-in was
 * refused, a chapter read was answered — and whoever shows things to the user (lib/background/feedback) listens.
 * The layer never learns who listens, so it never imports the layers above it: effects flow up.
 */
export interface Signal<T> {
  /** Adds a listener (for the worker's life: the background registers its own once, as it starts). */
  listen(listener: (event: T) => Promise<void> | void): void;
  /** Tells every listener, one after another, and resolves once they are done (as a direct call would). */
  emit(event: T): Promise<void>;
}

export function createSignal<T>(): Signal<T> {
  const listeners: ((event: T) => Promise<void> | void)[] = [];
  return {
    listen(listener) {
      listeners.push(listener);
    },
    async emit(event) {
      for (const listener of listeners) await listener(event);
    },
  };
}
