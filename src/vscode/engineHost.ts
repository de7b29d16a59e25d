import * as path from 'path';
import * as vscode from 'vscode';
import { EngineClient, type SpeakHandle, type SpeakHandlers, type SpeakRequest } from '../core/engine/client';
import type { G2PResultMessage } from '../core/engine/protocol';

export type { SpeakHandle } from '../core/engine/client';

/**
 * Owns the engine worker for the editor. Nothing starts on activation: the worker (and with it the model and
 * the dictionary) is created on the first request, restarted after a crash, and released on idle by the worker.
 */
export class EngineHost implements vscode.Disposable {
  private client: EngineClient | undefined;
  private everUsed = false;

  constructor(
    private readonly extensionPath: string,
    private readonly idleUnloadSeconds: () => number,
    private readonly onCrash: (message: string) => void,
    /** In the extension's storage: where each model's optimised graph is kept for faster later loads. */
    private readonly optimizedModelDir?: string,
  ) {}

  private get(): EngineClient {
    this.everUsed = true;
    if (!this.client) {
      this.client = new EngineClient({
        workerPath: path.join(this.extensionPath, 'dist', 'worker.js'),
        idleUnloadMs: this.idleMs(),
        onCrash: (m) => this.onCrash(m),
        optimizedModelDir: this.optimizedModelDir,
      });
    }
    return this.client;
  }

  private idleMs(): number {
    const s = this.idleUnloadSeconds();
    return s > 0 ? s * 1000 : 0;
  }

  speak(req: SpeakRequest, handlers: SpeakHandlers): SpeakHandle {
    return this.get().speak(req, handlers);
  }

  /** The reading of `text` (no synthesis; the model is not loaded). */
  g2p(text: string, userDictionary?: Record<string, string>): Promise<G2PResultMessage> {
    return this.get().g2p(text, userDictionary);
  }

  /** Applies a changed idle-unload setting to a running worker. */
  reconfigure(): void {
    this.client?.configure({ idleUnloadMs: this.idleMs() });
  }

  /** Releases the model (before deleting its file). */
  async unload(): Promise<void> {
    await this.client?.unload();
  }

  /**
   * Whether Yomiage was used in this session (a reading, a G2P request, or markUsed): until then, passive features
   * (the reading hover) must not start the worker.
   */
  get used(): boolean {
    return this.everUsed;
  }

  /** Counts a use that did not need the worker (a reading through another engine). */
  markUsed(): void {
    this.everUsed = true;
  }

  get started(): boolean {
    return this.client?.running ?? false;
  }

  dispose(): void {
    void this.client?.dispose();
    this.client = undefined;
  }
}
