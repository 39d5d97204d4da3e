// The secrets host steps read on stdin (today the registry's htpasswd password): from
// OKD_REGISTRY_PASSWORD, else asked without echo on a terminal, else a refusal. Never on a command line.
import type { DeployPlan } from '../core/deploy/plan';
import { stepSecretRefs } from '../core/deploy/step-script';
import { ask, isInteractive } from './prompt';

export const REGISTRY_PASSWORD_ENV = 'OKD_REGISTRY_PASSWORD';

/** Each secret by placeholder, or why deploy cannot go on. */
export async function readStepSecrets(
  plan: DeployPlan,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Record<string, string> | { error: string }> {
  const out: Record<string, string> = {};
  for (const ref of stepSecretRefs(plan)) {
    const from = env[REGISTRY_PASSWORD_ENV];
    if (ref.kind === 'registryPassword' && from) out[ref.placeholder] = from;
    else if (isInteractive())
      out[ref.placeholder] = await ask(
        `password for the mirror registry's htpasswd${ref.host ? ` on ${ref.host}` : ''}: `,
        true,
      );
    else
      return {
        error: `the registry's htpasswd needs a password: set ${REGISTRY_PASSWORD_ENV} (it is read from the environment, never from the command line), or run deploy in a terminal to be asked`,
      };
    if (out[ref.placeholder] === '') return { error: 'the registry password is empty; nothing was deployed' };
  }
  return out;
}
