// Ambient declarations for the webview bundle.

/** Injected by VS Code into every webview; may be called only once (see bus.ts). */
declare function acquireVsCodeApi(): {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
};

// esbuild bundles imported CSS into dist/webview.css.
declare module '*.css';
