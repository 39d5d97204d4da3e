// The template engine: LiquidJS over an in-memory template map. Templates can loop, branch and
// call the filters below, but cannot run code, read files or reach object prototypes.
import { Liquid, type Template } from 'liquidjs';
import { base64Utf8, grubQuote, shellQuote, unitQuote, yamlQuote } from './util';

export interface TemplateError {
  /** Template file as the user knows it (e.g. `.okd/templates/dhcpd.conf.liquid`). */
  template: string;
  /** 1-based, when the engine knows it. */
  line?: number;
  column?: number;
  message: string;
}

export class TemplateFailure extends Error {
  constructor(readonly detail: TemplateError) {
    super(`${detail.template}${detail.line ? `:${detail.line}${detail.column ? `:${detail.column}` : ''}` : ''}: ${detail.message}`);
  }
}

/**
 * Wall-clock budget for all templates of one render together, so a runaway override (a huge loop)
 * fails instead of hanging the editor, however many jobs use it. Generous: a busy machine must not
 * fail a legitimate 10,000-host render.
 */
export const RENDER_BUDGET_MS = 15_000;

function newLiquid(templates: Record<string, string>): Liquid {
  const liquid = new Liquid({
    templates,
    // Jinja-style block trimming: a line holding only a tag leaves no blank line behind.
    trimTagLeft: true,
    trimTagRight: true,
    greedy: false,
    strictFilters: true,
    strictVariables: true,
    lenientIf: true,
    ownPropertyOnly: true,
    // Per call; Engine.render passes what is left of the whole render's budget instead.
    renderLimit: RENDER_BUDGET_MS,
    memoryLimit: 32 * 1024 * 1024,
  });
  liquid.registerFilter('comment', (v: unknown, prefix = '#') => String(v ?? '').split('\n').map((x) => `${prefix} ${x}`.trimEnd()).join('\n'));
  liquid.registerFilter('yaml', (v: unknown) => yamlQuote(v));
  liquid.registerFilter('shell', (v: unknown) => shellQuote(v));
  // A list becomes its words, each quoted, separated by blanks (a `linux` line's arguments).
  liquid.registerFilter('grub', (v: unknown) => (Array.isArray(v) ? v.map(grubQuote).join(' ') : grubQuote(v)));
  liquid.registerFilter('unit', (v: unknown) => unitQuote(v));
  liquid.registerFilter('b64', (v: unknown) => base64Utf8(String(v ?? '')));
  liquid.registerFilter('pad', (v: unknown, n = 0) => String(v ?? '').padEnd(Number(n)));
  liquid.registerFilter('xml', (v: unknown) => String(v ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;'));
  liquid.registerFilter('dashed', (v: unknown) => String(v ?? '').replace(/:/g, '-'));
  liquid.registerFilter('label', (v: unknown) => String(v ?? '').toLowerCase().replace(/[^a-z0-9]+/g, '_'));
  return liquid;
}

export class Engine {
  private readonly liquid: Liquid;
  private readonly parsed = new Map<string, Template[] | TemplateFailure>();
  private deadline = Infinity;
  private budgetMs = RENDER_BUDGET_MS;

  constructor(private readonly templates: Record<string, string>, private readonly display: (name: string) => string) {
    this.liquid = newLiquid(templates);
  }

  /** Starts the shared time budget of one render: every template rendered until the next call draws on it. */
  startBudget(ms = RENDER_BUDGET_MS): void {
    this.budgetMs = ms;
    this.deadline = Date.now() + ms;
  }

  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.templates, name);
  }

  /** Renders a template; throws TemplateFailure naming the file and line on any template error. */
  render(name: string, scope: Record<string, unknown>): string {
    if (!this.has(name)) throw new TemplateFailure({ template: this.display(name), message: 'template not found (it should be in templates/ or the override folder)' });
    let tpl = this.parsed.get(name);
    if (!tpl) {
      try {
        tpl = this.liquid.parse(this.templates[name], name);
      } catch (e) {
        tpl = this.failure(name, e);
      }
      this.parsed.set(name, tpl);
    }
    if (tpl instanceof TemplateFailure) throw tpl;
    const left = this.deadline - Date.now();
    if (left <= 0) throw this.failure(name, new Error('template render limit exceeded'));
    try {
      return this.liquid.renderSync(tpl, scope, { renderLimit: Number.isFinite(left) ? left : RENDER_BUDGET_MS }) as string;
    } catch (e) {
      throw this.failure(name, e);
    }
  }

  private failure(name: string, e: unknown): TemplateFailure {
    const err = e as { message?: string; token?: { getPosition?: () => [number, number]; file?: string }; originalError?: Error };
    const pos = err.token?.getPosition?.();
    // Errors inside a partial ({% render %}) belong to the partial's file, not the caller's.
    const file = err.token?.file && this.has(err.token.file) ? err.token.file : name;
    let message = err.originalError?.message ?? err.message ?? String(e);
    message = message.replace(/, (file:[^,]*, )?line:\d+, col:\d+$/, '').split('\n')[0];
    if (/render limit exceeded/.test(message)) {
      message = `${message}: the templates of this render ran past their ${this.budgetMs / 1000} s budget together (a runaway loop?)`;
    } else if (/memory alloc limit exceeded/.test(message)) {
      message = `${message}: the template runs too long or builds too much output (a runaway loop?)`;
    }
    return new TemplateFailure({ template: this.display(file), line: pos?.[0], column: pos?.[1], message });
  }
}

/** Engines are reused while the template set is unchanged (live preview re-renders on every keystroke). */
let cached: { key: string; engine: Engine } | undefined;

export function engineFor(templates: Record<string, string>, display: (name: string) => string): Engine {
  const names = Object.keys(templates).sort();
  const key = names.map((n) => `${n}\u0000${templates[n]}\u0000${display(n)}`).join('\u0001');
  if (cached?.key !== key) cached = { key, engine: new Engine(templates, display) };
  return cached.engine;
}
