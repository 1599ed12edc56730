import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';

/**
 * Execution environments each function may run at once here, and batches each event source hands
 * over at once. Two: on this machine's two cores, four of each used 20–25% more CPU a call for the
 * same work (more isolates to warm up, more switching; measured with `npm run bench -- --only
 * e2e-calls`), and one would hide what concurrent consumers do to ordering and conflicts.
 */
export const LOCAL_CONCURRENCY = 2;

export interface LocalFunctionOptions {
  readonly name: string;
  readonly arn: string;
  readonly bundle: string;
  readonly handlerExport: string;
  readonly timeoutSeconds: number;
  readonly environment: Record<string, string>;
  /** How many invocations may run at once (each in its own warm worker). */
  readonly concurrency?: number;
  /** Faults to inject in its requests (network-faults.js): the plan, this function's key in it, the fault server. */
  readonly faults?: { readonly planFile: string; readonly functionKey: string; readonly faultServer: string };
  readonly onLogLine: (line: string) => void;
}

export class InvocationError extends Error {
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    message: string,
  ) {
    super(`${functionName}: ${errorType}: ${message}`);
  }
}

interface WarmWorker {
  readonly worker: Worker;
  busy: boolean;
}

/**
 * One Lambda function on this machine: a pool of worker threads, each with the function's own
 * environment (as separate execution environments have), invoked one event at a time, killed
 * and replaced when an invocation outlives the function's timeout.
 */
export class LocalFunction {
  private readonly warm: WarmWorker[] = [];
  private readonly waiting: Array<() => void> = [];
  private stopped = false;

  constructor(readonly options: LocalFunctionOptions) {}

  async invoke<T = unknown>(event: unknown): Promise<T> {
    const slot = await this.acquire();
    try {
      return await this.run<T>(slot, event);
    } finally {
      slot.busy = false;
      this.waiting.shift()?.();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.warm.splice(0).map((slot) => slot.worker.terminate()));
  }

  private async acquire(): Promise<WarmWorker> {
    for (;;) {
      if (this.stopped) throw new Error(`${this.options.name} is stopped`);
      const idle = this.warm.find((slot) => !slot.busy);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      if (this.warm.length < (this.options.concurrency ?? LOCAL_CONCURRENCY)) {
        const slot = { worker: this.start(), busy: true };
        this.warm.push(slot);
        // A worker that dies between invocations is never handed another.
        slot.worker.once('exit', () => this.forget(slot));
        return slot;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private forget(slot: WarmWorker): void {
    const index = this.warm.indexOf(slot);
    if (index >= 0) this.warm.splice(index, 1);
  }

  private start(): Worker {
    const worker = new Worker(path.join(__dirname, 'lambda-worker.js'), {
      env: this.options.environment,
      stdout: true,
      stderr: true,
      workerData: {
        bundle: this.options.bundle,
        handlerExport: this.options.handlerExport,
        functionName: this.options.name,
        functionArn: this.options.arn,
        faults: this.options.faults,
      },
    });
    this.forwardLines(worker.stdout);
    this.forwardLines(worker.stderr);
    return worker;
  }

  private forwardLines(stream: Readable): void {
    createInterface({ input: stream }).on('line', (line) => this.options.onLogLine(line));
  }

  private run<T>(slot: WarmWorker, event: unknown): Promise<T> {
    const requestId = randomUUID();
    const timeoutMs = this.options.timeoutSeconds * 1000;
    return new Promise<T>((resolve, reject) => {
      const finish = () => {
        clearTimeout(timer);
        slot.worker.off('message', onMessage);
        slot.worker.off('error', onError);
        slot.worker.off('exit', onExit);
      };
      const discard = () => {
        this.forget(slot);
        void slot.worker.terminate();
      };
      const onMessage = (message: {
        requestId: string;
        result?: T;
        error?: { name: string; message: string };
      }) => {
        if (message.requestId !== requestId) return;
        finish();
        if (message.error)
          reject(new InvocationError(this.options.name, message.error.name, message.error.message));
        else resolve(message.result as T);
      };
      const onError = (error: Error) => {
        finish();
        discard();
        reject(new InvocationError(this.options.name, 'Runtime.ExitError', error.message));
      };
      // The execution environment died mid-invocation (process.exit, a crash): Lambda reports it so.
      const onExit = (code: number) => {
        finish();
        discard();
        reject(
          new InvocationError(
            this.options.name,
            'Runtime.ExitError',
            `Runtime exited with error: exit status ${code}`,
          ),
        );
      };
      const timer = setTimeout(() => {
        finish();
        discard();
        reject(
          new InvocationError(
            this.options.name,
            'Sandbox.Timedout',
            `Task timed out after ${this.options.timeoutSeconds} seconds`,
          ),
        );
      }, timeoutMs);
      slot.worker.on('message', onMessage);
      slot.worker.on('error', onError);
      slot.worker.on('exit', onExit);
      slot.worker.postMessage({ requestId, event, deadline: Date.now() + timeoutMs });
    });
  }
}
