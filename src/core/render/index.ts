// renderAll: topology + template texts in, rendered files out. Pure: adapters read the templates
// (built-in folder plus user overrides) and previous output, and write the result.
import type { Topology } from '../model';
import type { Problem } from '../problems';
import { runChecks } from '../checks/index';
import { isTypeProblem } from '../format/types';
import type { HostStep, RenderedFile } from './manifest';
import { planHostSteps } from './host-steps';
import { buildRegistry, trustBundleRef } from './view-registry';
import { planJobs, type Job } from './artifacts';
import { checkConsistency } from './consistency';
import { engineFor, TemplateFailure, type Engine } from './engine';
import { secretRefs } from './secrets';
import { buildRenderView, templateScope, type View } from './view';
import { base64Utf8 } from './util';

export { TEMPLATE_NAMES } from './artifacts';
export { fillSecrets, secretRefs, SECRET_PLACEHOLDER, type SecretRef } from './secrets';
export { buildRenderView } from './view';
export type { HostStep } from './manifest';

export interface RenderOptions {
  /** Render even when the topology has errors. */
  force?: boolean;
  /** Topology file name for header comments (a base name keeps output machine-independent). */
  source?: string;
  /** Problems already found for this topology (e.g. from analyze); computed when absent. */
  problems?: Pick<Problem, 'severity' | 'message' | 'code'>[];
  /** The content of a file as last rendered or deployed, so zone serials only move when zones change. */
  previous?: (target: string, path: string) => string | undefined;
  /** How to name a template in messages, e.g. its override path; defaults to `templates/<name>`. */
  templatePath?: (name: string) => string;
  /** Wall-clock budget for all templates of this render together (default RENDER_BUDGET_MS). */
  timeBudgetMs?: number;
}

export interface RenderError {
  template?: string;
  line?: number;
  column?: number;
  message: string;
}

export interface RenderResult {
  files: RenderedFile[];
  /** What deploy does on hosts besides writing files (see host-steps.ts), in the order it runs per host. */
  steps: HostStep[];
  errors: RenderError[];
  /** Consistency problems of the rendered set (see consistency.ts). */
  problems: Problem[];
  /** True when nothing was rendered because the topology has errors and `force` was not set (or could not help). */
  refused: boolean;
  /** Refused because values are not of their type: `force` cannot override that. */
  untyped?: boolean;
}

const SOA_SERIAL = /\bSOA\s+\S+\s+\S+\s*\(?\s*(\d+)/;

export function renderAll(
  topology: Topology,
  templates: Record<string, string>,
  opts: RenderOptions = {},
): RenderResult {
  const found = opts.problems ?? runChecks(topology);
  const blocking = found.filter((p) => p.severity === 'error');
  // --force overrides what the checks conclude about a topology, never a value that is not of
  // its type: that value could carry new directives into a file.
  const untyped = blocking.filter((p) => isTypeProblem(p.code));
  if (untyped.length > 0) {
    const list = untyped
      .slice(0, 5)
      .map((p) => `${p.code}: ${p.message}`)
      .join('; ');
    const more = untyped.length > 5 ? ` (and ${untyped.length - 5} more)` : '';
    return {
      files: [],
      steps: [],
      problems: [],
      refused: true,
      untyped: true,
      errors: [
        {
          message: `${untyped.length} value(s) are not of their type, so nothing was rendered (--force cannot override this, only semantic errors): ${list}${more}`,
        },
      ],
    };
  }
  if (blocking.length > 0 && !opts.force) {
    const list = blocking
      .slice(0, 5)
      .map((p) => `${p.code}: ${p.message}`)
      .join('; ');
    const more = blocking.length > 5 ? ` (and ${blocking.length - 5} more)` : '';
    return {
      files: [],
      steps: [],
      problems: [],
      refused: true,
      errors: [
        {
          message: `The topology has ${blocking.length} error(s), so nothing was rendered (use --force to render anyway): ${list}${more}`,
        },
      ],
    };
  }
  const view = buildRenderView(topology, opts.source ?? 'cluster.okd.yaml');
  const engine = engineFor(templates, opts.templatePath ?? ((n) => `templates/${n}`));
  engine.startBudget(opts.timeBudgetMs);
  const scope = templateScope(view);
  const files: RenderedFile[] = [];
  const errors: RenderError[] = [];
  const seen = new Set<string>();
  let chrony: { text: string; base64: string } | undefined;
  for (const job of planJobs(view)) {
    try {
      if (job.embedChrony && !chrony) {
        const text = engine.render('chrony-node.conf.liquid', { ...scope });
        chrony = { text, base64: base64Utf8(text) };
      }
      const content =
        job.link !== undefined
          ? job.link
          : renderJob(engine, job, { ...scope, ...job.ctx, ...(job.embedChrony ? { chrony } : {}) }, opts);
      files.push(toFile(job, content, view));
    } catch (e) {
      if (!(e instanceof TemplateFailure)) throw e;
      // One broken template is reported once, not once per host that uses it.
      const key = e.message;
      if (!seen.has(key)) errors.push({ ...e.detail });
      seen.add(key);
    }
  }
  files.sort((a, b) => order(a) - order(b) || cmp(a.target, b.target) || cmp(a.path, b.path));
  return {
    files,
    steps: errors.length > 0 ? [] : planHostSteps(view),
    errors,
    problems: checkConsistency(view),
    refused: false,
  };
}

function renderJob(engine: Engine, job: Job, scope: Record<string, unknown>, opts: RenderOptions): string {
  if (!job.zone) return engine.render(job.template!, scope);
  // SOA serial: the previous serial while the zone is unchanged, one more as soon as it differs.
  const prev = opts.previous?.(job.target, job.path);
  const prevSerial = prev ? Number(SOA_SERIAL.exec(prev)?.[1]) : NaN;
  const at = (serial: number) => engine.render(job.template!, { ...scope, zone: { ...job.zone, serial } });
  if (!Number.isFinite(prevSerial)) return at(1);
  const same = at(prevSerial);
  if (same === prev) return same;
  return at(prevSerial >= 4294967295 ? 1 : prevSerial + 1);
}

function toFile(job: Job, content: string, view: View): RenderedFile {
  const f: RenderedFile = { target: job.target, path: job.path, content, mode: job.mode, service: job.service };
  if (job.owner) f.owner = job.owner;
  if (job.group) f.group = job.group;
  if (job.commands.validate) f.validate = job.commands.validate;
  if (job.commands.reload) f.reload = job.commands.reload;
  if (job.commands.health?.length) f.health = job.commands.health;
  if (job.apply) f.apply = job.apply;
  if (job.link !== undefined) f.symlink = true;
  if (job.systemdUnit) f.systemdUnit = true;
  if (job.secrets) {
    const registry = view.lookup.serviceHosts('registry')[0];
    const trust = trustBundleRef(registry && buildRegistry(view.lookup, registry));
    const refs = secretRefs(f, view.lookup.t.cluster, Object.keys(view.secrets.bmcPasswords), trust ? [trust] : []);
    if (refs.length > 0) f.secrets = refs;
  }
  return f;
}

const order = (f: RenderedFile) => (f.target === 'cluster' ? 1 : 0);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
