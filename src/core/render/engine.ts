// The template engine: LiquidJS over an in-memory template map. Templates can loop, branch and
// call the filters below, but cannot run code, read files or reach object prototypes.
import { Liquid, type Template } from 'liquidjs';
import { base64Utf8, grubQuote, shellQuote, unitQuote, xmlEscape, yamlQuote } from './util';
import { commentLines, guard, languageOf, Safe, type Lang } from './escape';

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
    super(
      `${detail.template}${detail.line ? `:${detail.line}${detail.column ? `:${detail.column}` : ''}` : ''}: ${detail.message}`,
    );
  }
}

/**
 * Wall-clock budget for all templates of one render together, so a runaway override (a huge loop)
 * fails instead of hanging the editor, however many jobs use it. Generous: a busy machine must not
 * fail a legitimate 10,000-host render.
 */
export const RENDER_BUDGET_MS = 15_000;

/** Which language the template being rendered writes; set by Engine.render, read by the guard. */
interface RenderState {
  lang: Lang;
}

function newLiquid(templates: Record<string, string>, state: RenderState): Liquid {
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
    // Every {{ }} passes the output language's guard (escape.ts), whatever the template does.
    outputEscape: (v: unknown) => guard(v, state.lang),
  });
  const lang = () => state.lang;
  liquid.registerFilter('comment', (v: unknown, prefix = '#') => commentLines(v, String(prefix)));
  liquid.registerFilter('yaml', (v: unknown) => new Safe(yamlQuote(v), 'yaml'));
  liquid.registerFilter('shell', (v: unknown) => new Safe(shellQuote(v), 'shell'));
  liquid.registerFilter('xml', (v: unknown) => new Safe(xmlEscape(v), 'xml'));
  // A list becomes its words, each quoted, separated by blanks (a `linux` line's arguments).
  liquid.registerFilter(
    'grub',
    (v: unknown) => new Safe(Array.isArray(v) ? v.map(grubQuote).join(' ') : grubQuote(v), 'grub'),
  );
  liquid.registerFilter('unit', (v: unknown) => new Safe(unitQuote(v), 'unit'));
  liquid.registerFilter('b64', (v: unknown) => base64Utf8(String(v ?? '')));
  // Padding and joining add template text to values: each value is guarded, then the result is safe.
  liquid.registerFilter('pad', (v: unknown, n = 0) => new Safe(guard(v, lang()).padEnd(Number(n)), lang()));
  liquid.registerFilter(
    'join',
    (v: unknown, sep = ' ') =>
      new Safe((Array.isArray(v) ? v : [v]).map((x) => guard(x, lang())).join(String(sep)), lang()),
  );
  // More words for a line: each guarded, each after one blank (nothing for an empty list).
  liquid.registerFilter(
    'words',
    (v: unknown) =>
      new Safe(
        (Array.isArray(v) ? v : [v])
          .filter((x) => x !== undefined && x !== null && x !== '')
          .map((x) => ` ${guard(x, lang())}`)
          .join(''),
        lang(),
      ),
  );
  liquid.registerFilter('dashed', (v: unknown) => String(v ?? '').replace(/:/g, '-'));
  liquid.registerFilter('label', (v: unknown) =>
    String(v ?? '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_'),
  );
  // Liquid's own `raw` would skip the guard: here it is a no-op, so nothing bypasses it.
  liquid.registerFilter('raw', (v: unknown) => v);
  return liquid;
}

export class Engine {
  private readonly liquid: Liquid;
  private readonly parsed = new Map<string, Template[] | TemplateFailure>();
  private deadline = Infinity;
  private budgetMs = RENDER_BUDGET_MS;
  private readonly state: RenderState = { lang: 'strict' };

  constructor(
    private readonly templates: Record<string, string>,
    private readonly display: (name: string) => string,
  ) {
    this.liquid = newLiquid(templates, this.state);
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
    if (!this.has(name))
      throw new TemplateFailure({
        template: this.display(name),
        message: 'template not found (it should be in templates/ or the override folder)',
      });
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
    this.state.lang = languageOf(name);
    try {
      return this.liquid.renderSync(tpl, scope, {
        renderLimit: Number.isFinite(left) ? left : RENDER_BUDGET_MS,
      }) as string;
    } catch (e) {
      throw this.failure(name, e);
    }
  }

  private failure(name: string, e: unknown): TemplateFailure {
    const err = e as {
      message?: string;
      token?: { getPosition?: () => [number, number]; file?: string };
      originalError?: Error;
    };
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
