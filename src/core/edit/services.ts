// "Which services does this host run": one edit from the inspector becomes the smallest change
// to the services map. A service that names one host (`host:`) moves to this host; a list
// (`hosts:`) gains or loses this host; a service left with no host and nothing else is removed.
import { SERVICE_KINDS, type Topology } from '../model';
import type { GraphEdit } from './types';
import type { YMap } from '../yaml/ast';
import { emitLike, map, sc, type TextEdit, type Tpl } from './format';
import {
  appendItems,
  EditError,
  insertEntries,
  pairOf,
  removeEntry,
  removeItems,
  replaceScalar,
  setAt,
  type Ctx,
} from './tree';
import type { Plan } from './add';

export function setServices(ctx: Ctx, t: Topology, e: Extract<GraphEdit, { kind: 'setServices' }>): Plan {
  const host = e.host;
  if (!t.hosts.some((h) => h.name === host)) throw new EditError(`There is no host named ${host}`);
  const want = new Set(e.services);
  const servicesPair = ctx.root?.kind === 'map' ? pairOf(ctx.root, 'services') : undefined;
  const servicesMap = servicesPair?.value.kind === 'map' ? servicesPair.value : undefined;
  const edits: TextEdit[] = [];
  const created: [string, Tpl][] = [];
  for (const kind of SERVICE_KINDS) {
    const runs = t.services[kind]?.hosts.includes(host) ?? false;
    if (want.has(kind) === runs) continue;
    const svcPair = servicesMap ? pairOf(servicesMap, kind) : undefined;
    const svc = svcPair?.value;
    if (want.has(kind)) {
      if (!svc || (svc.kind === 'scalar' && svc.empty)) {
        if (svc) edits.push(setAt(ctx, ['services', kind, 'host'], sc(host)));
        else created.push([kind, map(true, [['host', sc(host)]])]);
        continue;
      }
      if (svc.kind !== 'map') throw new EditError(`services.${kind} is not a mapping`);
      edits.push(addTo(ctx, svc, kind, host));
    } else {
      if (svc?.kind !== 'map' || !servicesMap) continue;
      for (const x of removeFrom(ctx, servicesMap, svc, kind, host)) edits.push(x);
    }
  }
  if (created.length) {
    if (servicesMap) edits.push(insertEntries(ctx, servicesMap, created));
    else edits.push(setAt(ctx, ['services'], map(false, created)));
  }
  return edits.length ? { edits } : { edits: [], noop: 'The host already runs exactly these services' };
}

function addTo(ctx: Ctx, svc: YMap, kind: string, host: string): TextEdit {
  const one = pairOf(svc, 'host');
  if (one?.value.kind === 'scalar' && !one.value.empty)
    return replaceScalar(ctx, one.value, one.key, emitLike(one.value, host));
  const many = pairOf(svc, 'hosts');
  if (many?.value.kind === 'seq') return appendItems(ctx, many, [sc(host)]);
  if (one || many)
    return setAt(
      ctx,
      ['services', kind, one ? 'host' : 'hosts'],
      one ? sc(host) : { t: 'seq', flow: true, items: [sc(host)] },
    );
  return insertEntries(ctx, svc, [['host', sc(host)]]);
}

function removeFrom(ctx: Ctx, services: YMap, svc: YMap, kind: string, host: string): TextEdit[] {
  const one = pairOf(svc, 'host');
  const many = pairOf(svc, 'hosts');
  const idx =
    many?.value.kind === 'seq' ? many.value.items.findIndex((it) => it.kind === 'scalar' && it.text === host) : -1;
  const left = many?.value.kind === 'seq' ? many.value.items.length - (idx >= 0 ? 1 : 0) : 0;
  const named = one?.value.kind === 'scalar' && !one.value.empty && one.value.text === host;
  // Nothing but the host(s) left: the service goes.
  const others = svc.items.filter(
    (p) => !((p.key.text === 'host' && named) || (p.key.text === 'hosts' && idx >= 0 && left === 0)),
  );
  if (others.length === 0) {
    const edit = removeEntry(ctx, services, kind);
    return edit ? [edit] : [];
  }
  if (named) {
    const edit = removeEntry(ctx, svc, 'host');
    return edit ? [edit] : [];
  }
  if (idx < 0 || !many) return [];
  if (left > 0) return removeItems(ctx, many, new Set([idx]));
  const edit = removeEntry(ctx, svc, 'hosts');
  return edit ? [edit] : [];
}
