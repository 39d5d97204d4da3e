// Transcripts and error messages may quote config lines (validators echo the offending line), and
// those can carry secrets: mask them before anything is logged or shown. The patterns follow config
// syntax (key = value, key: value, "key": "value", directive "value", --flag value, user:pass@ in URLs,
// PEM blocks, bearer tokens), so ordinary prose such as "the sudo password is required" stays readable.

/** A key name that holds a secret: password, bind_password, clientSecret, api-token, auth_pass... */
const KEY = String.raw`[A-Za-z0-9_.-]*(?:password|passwd|passphrase|secret|token|auth_pass|api[_-]?key|private[_-]?key)[A-Za-z0-9_.-]*`;
/** A value: quoted (spaces allowed) or one word. */
const VALUE = String.raw`(?:"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^\s"',;{}]+)`;

const PATTERNS: [RegExp, string][] = [
  // PEM private keys (OpenSSH, PKCS#8, RSA/EC, PGP blocks); an unterminated block is masked to the end.
  [
    /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----|$)/g,
    '[private key redacted]',
  ],
  // JSON: "password": "x", "auth": "dXNlcjpw" (pull secrets), "pullSecret": "{...}".
  [new RegExp(String.raw`("(?:auth|${KEY})"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi'), '$1"***"'],
  // key = value, key: value, key=value (INI, YAML, env files, properties).
  [new RegExp(String.raw`(^|[^A-Za-z0-9_.-])(${KEY})([ \t]*[:=][ \t]*)${VALUE}`, 'gim'), '$1$2$3***'],
  // Directives whose value follows a space: keepalived auth_pass, HAProxy userlist passwords and stats auth,
  // SNMP communities. Each names itself clearly enough that prose does not use it.
  [/\b(auth_pass|insecure-password|stats\s+auth|r[ow]community6?)(\s+)(\S+)/gi, '$1$2***'],
  [/\b(user\s+\S+\s+password)(\s+)(\S+)/gi, '$1$2***'],
  // BIND / dhcpd keys: secret "base64"; or secret base64; — a quoted value or one ending the statement.
  [/\b(secret|password|token|passphrase)(\s+)("[^"\n]*"|'[^'\n]*'|[A-Za-z0-9+/=._-]+(?=\s*;))/gi, '$1$2***'],
  // Command-line flags: --password X, --password=X, --bind-password X, --token=X.
  [/(--[a-z0-9-]*(?:password|passwd|passphrase|secret|token)(?:=|\s+))(?!-)("[^"]*"|'[^']*'|\S+)/gi, '$1***'],
  // user:password@ in URLs.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]+):[^\s/@]+@/gi, '$1:***@'],
  // HTTP credentials: Authorization: Bearer/Basic x, and a bare "Bearer <token>".
  [/\b(Authorization\s*:\s*(?:Bearer|Basic|Token)\s+)\S+/gi, '$1***'],
  [/\b(Bearer\s+)[A-Za-z0-9._~+/-]{12,}=*/g, '$1***'],
  // JSON Web Tokens anywhere (service-account tokens, kubeconfig users).
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '***'],
];

export function redact(text: string, extraSecrets: string[] = []): string {
  let out = text;
  for (const s of extraSecrets) if (s.length >= 4) out = out.split(s).join('***');
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}
