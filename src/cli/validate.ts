// `okd-topology validate FILE [--format text|json]`: the same core as the editor, for scripts and CI.
import { analyze, type Analysis } from '../core/analyze';
import { flag, oneFile, oneOf, readArgs } from './args';
import { usageLine } from './help';
import type { LocatedProblem } from '../core/problems';
import { addressUsage } from '../core/lang/usage';
import { locate } from '../core/yaml/ast';
import { TOPOLOGY_MAX_BYTES, tryReadLimited } from '../node/files';

export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export const processIo: CliIo = { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) };

/** Reads a topology file, turning file-system failures into one clear line (regular files up to TOPOLOGY_MAX_BYTES). */
export async function readTopologyFile(file: string): Promise<{ text?: string; error?: string }> {
  const r = await tryReadLimited(file, TOPOLOGY_MAX_BYTES);
  if ('error' in r) {
    if (r.code === 'EISDIR') return { error: `${file}: is a directory; pass the cluster.okd.yaml inside it` };
    return { error: r.error };
  }
  if (r.data.includes(0)) return { error: `${file}: this is a binary file, not a YAML topology` };
  return { text: r.data.toString('utf8') };
}

interface UsageOut {
  kind: 'network' | 'pool';
  name: string;
  message: string;
  line: number;
  column: number;
}

/** Free addresses per network and pool, located at each name (1-based), when --usage asks. */
function usageOf(result: Analysis): UsageOut[] {
  if (!result.topology) return [];
  return addressUsage(result.topology).map((u) => {
    const at = result.lines.position(locate(result.doc.root, u.path).start);
    return { kind: u.kind, name: u.name, message: u.message, line: at.line + 1, column: at.column + 1 };
  });
}

function toJson(file: string, problems: LocatedProblem[], usage?: UsageOut[]): string {
  return (
    JSON.stringify(
      {
        file,
        ...(usage ? { usage } : {}),
        problems: problems.map((p) => ({
          code: p.code,
          severity: p.severity,
          message: p.message,
          line: p.line + 1,
          column: p.column + 1,
          endLine: p.endLine + 1,
          endColumn: p.endColumn + 1,
          related: p.related.map((r) => ({ message: r.message, line: r.line + 1, column: r.column + 1 })),
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

export async function validateCommand(args: string[], io: CliIo = processIo): Promise<number> {
  const parsed = readArgs('validate', args, (p) => ({
    file: oneFile(p),
    format: oneOf(p, 'format', ['text', 'json'] as const, 'text'),
    usage: flag(p, 'usage'),
  }));
  if (typeof parsed === 'string') {
    io.err(`okd-topology validate: ${parsed}\n${usageLine('validate')}`);
    return 2;
  }
  const { file, format, usage } = parsed;
  const read = await readTopologyFile(file);
  if (read.error !== undefined || read.text === undefined) {
    io.err(`${read.error}\n`);
    return 2;
  }
  const result = analyze(read.text);
  // Not YAML at all: a parse error and no model.
  const notYaml = result.topology === null && result.problems.some((p) => p.code === 'yaml-syntax');
  const used = usage ? usageOf(result) : undefined;
  if (format === 'json') io.out(toJson(file, result.problems, used));
  else {
    for (const p of result.problems) {
      io.out(`${file}:${p.line + 1}:${p.column + 1}: ${p.severity} ${p.code}: ${p.message}\n`);
      for (const r of p.related) io.out(`    ${file}:${r.line + 1}:${r.column + 1}: ${r.message}\n`);
    }
    for (const u of used ?? []) io.out(`${file}:${u.line}:${u.column}: usage: ${u.message}\n`);
    const counts = (['error', 'warning', 'info'] as const).map(
      (s) => result.problems.filter((p) => p.severity === s).length,
    );
    io.err(`${counts[0]} error(s), ${counts[1]} warning(s), ${counts[2]} info\n`);
  }
  if (notYaml) return 2;
  return result.problems.some((p) => p.severity === 'error') ? 1 : 0;
}
