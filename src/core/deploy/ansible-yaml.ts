// YAML for the Ansible export: every value from the topology is a JSON string tagged `!unsafe`, so Jinja never evaluates it.
import type { Argv } from '../render/manifest';

export const u = (s: string): string => `!unsafe ${JSON.stringify(s)}`;
export const argvYaml = (argv: Argv, indent: string): string => argv.map((a) => `${indent}- ${u(a)}`).join('\n');
