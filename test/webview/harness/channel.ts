// A host channel for the editor-render bench: the harness page posts each webview message to
// /host/post and hears the host on /host/events (server-sent events), all on 127.0.0.1. It stands
// in for VS Code's webview IPC at about its cost (a few ms), where a Playwright binding plus
// page.evaluate costs tens of ms per message and would be timed as if it were the editor's work.
import type { IncomingMessage, ServerResponse } from 'node:http';

export class HostChannel {
  private events: ServerResponse | undefined;
  /** Host messages sent before the page connected: delivered when it does, in order. */
  private pending: string[] = [];
  private handler: ((m: unknown) => void) | undefined;

  /** Receives every message the webview posts (parsed). */
  onMessage(f: (m: unknown) => void): void {
    this.handler = f;
  }

  /**
   * Sends one host message (JSON text) to the page, as VS Code's postMessage would. Another
   * `event` name reaches only listeners of that name (the bench's echo), not the webview.
   */
  send(json: string, event = 'message'): void {
    const frame = `${event === 'message' ? '' : `event: ${event}\n`}data: ${json}\n\n`;
    if (this.events) this.events.write(frame);
    else this.pending.push(frame);
  }

  /** Serves /host/*; false when the request is not the channel's. */
  serve(path: string, req: IncomingMessage, res: ServerResponse): boolean {
    if (path === '/host/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      this.events = res;
      req.on('close', () => {
        if (this.events === res) this.events = undefined;
      });
      for (const f of this.pending.splice(0)) res.write(f);
      return true;
    }
    if (path === '/host/post' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        res.writeHead(204).end();
        this.handler?.(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      });
      return true;
    }
    return false;
  }

  close(): void {
    this.events?.end();
    this.events = undefined;
  }
}
