// The webview's single import point for the host protocol (types, ids, guards).
export * from '../../src/protocol/messages';
