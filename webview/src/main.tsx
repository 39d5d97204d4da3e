// Webview entry: bundled by scripts/build.mjs into dist/webview.js (+ dist/webview.css).
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './components/App';
import { log } from './bus';

window.addEventListener('error', (e) => log('error', `webview: ${e.message}`));
window.addEventListener('unhandledrejection', (e) =>
  log('error', `webview: ${String((e.reason as Error)?.message ?? e.reason)}`),
);

const root = document.getElementById('root');
if (root) createRoot(root).render(<App />);
