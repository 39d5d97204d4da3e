// Node stand-ins (named as such everywhere): the lab has no OKD or k3s to boot, so a small server in a
// node's namespace answers where the cluster would. `api`: an API server and machine-config server
// over TLS (6443 /readyz, /version; 22623 /healthz, /config/<role>), which HAProxy's checks accept.
// `router`: an ingress router (80, 443 over TLS, and 1936 /healthz/ready as HAProxy checks it).
// Plain JavaScript with no dependencies, run by node directly: one small process per node.

export function standinScript(): string {
  return `'use strict';
// okd-topology lab: node stand-in (not a cluster; answers where the cluster would).
const fs = require('fs');
const http = require('http');
const https = require('https');
const [kind, certFile, keyFile] = process.argv.slice(2);
const tls = { cert: fs.readFileSync(certFile), key: fs.readFileSync(keyFile) };
function answer(who) {
  return (req, res) => {
    const json = req.url === '/version' ? { major: '1', minor: '28', gitVersion: 'v1.28.0-lab-stand-in' }
      : req.url.startsWith('/config/') ? { ignition: { version: '3.2.0' } } : undefined;
    res.writeHead(200, { 'Content-Type': json ? 'application/json' : 'text/plain' });
    res.end(json ? JSON.stringify(json) : 'ok (' + who + ' stand-in)\\n');
  };
}
function listen(server, port) {
  return new Promise((resolve, reject) => { server.once('error', reject); server.listen(port, '0.0.0.0', resolve); });
}
(async () => {
  if (kind === 'api') {
    await listen(https.createServer(tls, answer('API server')), 6443);
    await listen(https.createServer(tls, answer('machine-config server')), 22623);
  } else if (kind === 'router') {
    await listen(http.createServer(answer('router')), 80);
    await listen(https.createServer(tls, answer('router')), 443);
    await listen(http.createServer(answer('router health')), 1936);
  } else throw new Error('unknown stand-in ' + kind);
  process.stdout.write(kind + ' stand-in listening\\n');
})().catch((e) => { process.stderr.write(String(e && e.message || e) + '\\n'); process.exit(1); });
process.on('SIGTERM', () => process.exit(0));
`;
}
