// Health checks after the reloads: the services this deploy touched answer on their ports, and HAProxy
// really loaded the new configuration (a failed reload keeps the old workers and still "succeeds").
import type { FileStep, HostPlan } from '../core/deploy/plan';
import { healthLabel } from '../core/deploy/script';
import { touchedServices } from '../core/deploy/steps';
import type { Reporter } from './deploy-report';
import { waitHaproxyLoaded } from './haproxy';
import { StepFailed, type HostSession } from './host-session';

export async function checkHealth(hp: HostPlan, changed: FileStep[], s: HostSession, rep: Reporter): Promise<void> {
  const checks = touchedServices(hp, changed).flatMap((svc) => svc.health);
  for (const h of checks) {
    if (h.kind !== 'tcp') continue;
    rep.emit('health', healthLabel(h));
    const r = await s.conn.tcpCheck(h.address ?? hp.host.hostname, h.port);
    if (!r.ok) throw new StepFailed(`health check failed: ${healthLabel(h)} (${r.error})`);
  }
  for (const h of checks) {
    if (h.kind !== 'haproxy-loaded') continue;
    rep.emit('health', healthLabel(h));
    const r = await waitHaproxyLoaded(s.conn, h.socket, h.config);
    if (r.loaded === false) {
      throw new StepFailed(
        `health check failed: ${healthLabel(h)} (${r.detail}: HAProxy kept its previous configuration, so the new one failed to start; see journalctl -u haproxy)`,
      );
    }
    if (r.loaded === undefined) rep.log(`  ${healthLabel(h)}: cannot tell (${r.detail})`);
  }
}
