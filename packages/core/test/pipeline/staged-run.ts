/**
 * Runs one case's stages in order, in the background, while each test awaits the stage it asserts on: the
 * pipeline of a case is sequential (each stage needs the database the previous one left), but different cases
 * are independent, so they run side by side, a few at a time (see {@link Limiter}), and the tests still read
 * one property each.
 */
export class Stage {
  readonly #settled: Promise<unknown>;
  #resolve!: (value: unknown) => void;
  #reject!: (error: unknown) => void;

  constructor() {
    this.#settled = new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // A failed stage is reported by the test that awaits it, not as an unhandled rejection before that.
    this.#settled.catch(() => undefined);
  }

  /** Runs `work` and settles the stage with its outcome; never throws, so that the next stage still runs. */
  async run(work: () => Promise<void>): Promise<boolean> {
    try {
      await work();
      this.#resolve(undefined);
      return true;
    } catch (error) {
      this.#reject(error);
      return false;
    }
  }

  /** Settles the stage as failed without running it (the database could not be created, say). */
  fail(error: unknown): void {
    this.#reject(error);
  }

  /** Resolves when the stage passed; rejects with what failed it. */
  get done(): Promise<unknown> {
    return this.#settled;
  }
}

/** At most `size` tasks at a time, started in the order they were queued. */
export class Limiter {
  #running = 0;
  readonly #queue: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#running < this.size) this.#running++;
    else await new Promise<void>((resolve) => this.#queue.push(resolve)); // a finishing task hands over its slot
    try {
      return await task();
    } finally {
      const next = this.#queue.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
