// Small helpers of the SSH deploy (src/ssh/deploy.ts): does a file differ from the host's, messages.
import { createHash } from 'node:crypto';
import { packageNames, type PackageNeed } from '../core/deploy/packages';
import type { FileStep } from '../core/deploy/plan';
import type { ProbeState } from '../core/deploy/script';

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export function differs(f: FileStep, st: ProbeState): boolean {
  if (f.file.symlink) return st.kind !== 'link' || st.sha256 !== sha256(f.file.content);
  if (st.kind !== 'file' || st.sha256 !== sha256(f.file.content)) return true;
  if (parseInt(st.mode, 8) !== parseInt(f.file.mode, 8)) return true;
  return (
    (f.file.owner !== undefined && f.file.owner !== st.owner) ||
    (f.file.group !== undefined && f.file.group !== st.group)
  );
}

export function withContent(f: FileStep, content: string | undefined): FileStep {
  return content === undefined ? f : { ...f, file: { ...f.file, content } };
}

/** "bind (named-checkconf, named)" per package, for messages. */
export function describeMissing(missing: PackageNeed[]): string {
  return packageNames(missing)
    .map(
      (p) =>
        `${p} (${missing
          .filter((m) => m.package === p)
          .map((m) => m.program)
          .join(', ')} not found)`,
    )
    .join(', ');
}

/** What the message says about temp files a lost connection left: those the host confirmed, and those only asked for. */
export function leftUploads(requested: string[], opened: string[], journal: string): string | undefined {
  const maybe = requested.filter((p) => !opened.includes(p));
  const n = opened.length + maybe.length;
  if (!n) return undefined;
  const parts = [
    ...(opened.length ? [`${opened.join(', ')} ${opened.length === 1 ? 'is' : 'are'} left on the host`] : []),
    ...(maybe.length
      ? [`${maybe.join(', ')} may be (${maybe.length === 1 ? 'its' : 'their'} upload had been started)`]
      : []),
  ];
  const them = n === 1 ? 'it' : 'them';
  return `${parts.join('; ')}. The next deploy to this host removes ${them} (this deploy's journal, ${journal}, lists ${them}).`;
}
