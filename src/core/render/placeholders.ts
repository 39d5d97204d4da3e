// The placeholders rendered files hold where a secret (or a file's content) goes; see secrets.ts.

/** Placeholders the adapters replace with secrets read from files at the last moment. */
export const SECRET_PLACEHOLDER = {
  pullSecret: '__OKD_TOPOLOGY_PULL_SECRET__',
  sshKey: '__OKD_TOPOLOGY_SSH_KEY__',
  bmcPassword: (host: string) => `__OKD_TOPOLOGY_BMC_PASSWORD_${host}__`,
  registryPassword: (host: string) => `__OKD_TOPOLOGY_REGISTRY_PASSWORD_${host}__`,
  /** The registry's CA (PEM), stands alone on its line in a literal block. */
  trustBundle: '__OKD_TOPOLOGY_TRUST_BUNDLE__',
};
