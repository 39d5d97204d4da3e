// What makes a file a topology: one rule for every command, provider, the graph editor and the
// package manifest (a test holds package.json's patterns to these lists).

/** Topology file endings, the first being the one new files get. */
export const TOPOLOGY_SUFFIXES = ['.okd.yaml', '.okd.yml'] as const;

/** Glob patterns (VS Code's file patterns, package.json's filenamePattern / fileMatch). */
export const TOPOLOGY_FILE_PATTERNS = TOPOLOGY_SUFFIXES.map((s) => `*${s}`);
/** The same, anywhere under a folder (document selectors, workspace searches). */
export const TOPOLOGY_GLOB = `**/*.okd.{${TOPOLOGY_SUFFIXES.map((s) => s.slice('.okd.'.length)).join(',')}}`;

/** Whether a path (or URI path) names a topology file. Case-insensitive, as Windows and macOS file systems are. */
export function isTopologyPath(path: string): boolean {
  const lower = path.toLowerCase();
  return TOPOLOGY_SUFFIXES.some((s) => lower.endsWith(s));
}

/** The file's name without its topology ending (`lab.okd.yml` → `lab`). */
export function topologyStem(fileName: string): string {
  const lower = fileName.toLowerCase();
  const s = TOPOLOGY_SUFFIXES.find((x) => lower.endsWith(x));
  return s ? fileName.slice(0, -s.length) : fileName;
}
