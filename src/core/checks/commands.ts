// Per-service command overrides (services.<kind>.validate / reload) are argument lists run on the
// host by deploy. Deploy refuses a bad one before connecting; this shows the same verdict while
// the user types, at the command itself.
import { parseCommand, programNameError } from '../argv';
import type { ServiceKind, Topology } from '../model';
import type { Problem } from '../problems';
import { problem } from './util';

export function checkServiceCommands(t: Topology): Problem[] {
  const out: Problem[] = [];
  for (const kind of Object.keys(t.services) as ServiceKind[]) {
    const svc = t.services[kind];
    if (!svc) continue;
    for (const key of ['validate', 'reload'] as const) {
      const text = svc[key];
      if (typeof text !== 'string') continue;
      const why = commandProblem(text);
      if (why)
        out.push(problem('service-command-invalid', 'error', `services.${kind}.${key}: ${why}`, [...svc.path, key]));
    }
  }
  return out;
}

function commandProblem(text: string): string | undefined {
  const r = parseCommand(text);
  if (r.error) return r.error;
  if (r.argv.length === 0)
    return 'the command is empty: write a program and its arguments, or remove the key to use the default';
  return programNameError(r.argv[0]);
}
