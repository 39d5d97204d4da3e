// Runs an exported playbook with Debian's ansible-playbook in an isolated HOME (tests and bench).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `tags`: run those phases' plays (later phases run only by tag). */
export function runPlaybook(
  dir: string,
  home: string,
  tags: string[] = [],
  extra: string[] = [],
): { code: number; out: string } {
  const r = spawnSync(
    'ansible-playbook',
    [
      ...(tags.length ? ['--tags', tags.join(',')] : []),
      ...extra,
      '-i',
      join(dir, 'inventory.yml'),
      join(dir, 'site.yml'),
    ],
    {
      env: {
        ...process.env,
        HOME: home,
        ANSIBLE_HOME: join(home, '.ansible'),
        ANSIBLE_LOCAL_TEMP: join(home, 'tmp'),
        LC_ALL: 'C.UTF-8',
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_FORKS: '20',
        ANSIBLE_PIPELINING: '1',
      },
      encoding: 'utf8',
    },
  );
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

export function writeExport(dir: string, files: { path: string; content: string }[]): void {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.path)), { recursive: true });
    writeFileSync(join(dir, f.path), f.content);
  }
}
