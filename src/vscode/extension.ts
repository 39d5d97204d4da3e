// Composition root: builds the extension's parts and registers them. No logic lives here.
import type * as vscode from 'vscode';
import { register as newTopology } from './newTopology';
import { register as language } from './language/index';
import { register as topologyEditor } from './editor/index';
import { register as render } from './render';
import { register as deploy } from './deploy';
import { register as verify } from './verify';

import { createServices, type Services } from './services';

type Registrar = (context: vscode.ExtensionContext, services: Services) => void | Promise<void>;

// Each feature module exports one `register` function; add new features to this list.
const features: Registrar[] = [newTopology, language, topologyEditor, render, deploy, verify];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const services = createServices(context);
  for (const register of features) await register(context, services);
}

export function deactivate(): void {
  /* disposables are owned by context.subscriptions */
}
