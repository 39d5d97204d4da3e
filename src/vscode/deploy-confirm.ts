// Deploy's confirmation: the whole plan in a read-only document beside (scrollable, searchable), and a short
// modal. VS Code focuses a modal's first button that is not the close affordance, so that first button is
// "Review Plan" (Enter goes back to the plan and deploys nothing); Escape or Cancel ends the deploy.
import * as vscode from 'vscode';
import { confirmation } from '../core/deploy/confirm';
import { formatPlan, planNeedsPackages, type FormatOptions } from '../core/deploy/format';
import type { DeployPlan } from '../core/deploy/plan';

export const PLAN_SCHEME = 'okd-deploy-plan';

/** Plans shown as read-only documents; only the latest per topology is kept. */
export class PlanDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Shows `text` as the plan of `source` (a document titled after the topology), beside the active editor. */
  async show(source: vscode.Uri, text: string): Promise<vscode.Uri> {
    const name = source.path.slice(source.path.lastIndexOf('/') + 1);
    const uri = vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${name} (deploy plan)`, query: source.toString() });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    await reveal(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}

/** Shows the plan where it already is (a second review must not open a third column), else beside. */
async function reveal(uri: vscode.Uri): Promise<void> {
  const open = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString());
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, {
    preview: true,
    viewColumn: open?.viewColumn ?? vscode.ViewColumn.Beside,
    preserveFocus: false,
  });
}

export type Choice = 'deploy' | 'deploy-install' | undefined;

const REVIEW: vscode.MessageItem = { title: 'Review Plan' };
const DEPLOY: vscode.MessageItem = { title: 'Deploy' };
const INSTALL: vscode.MessageItem = { title: 'Deploy and Install Packages' };
const CANCEL: vscode.MessageItem = { title: 'Cancel', isCloseAffordance: true };

/** Shows the plan, then asks; "Review Plan" returns to the plan with a notification to ask again. */
export async function confirmDeploy(
  plans: PlanDocuments,
  source: vscode.Uri,
  plan: DeployPlan,
  opts: FormatOptions,
): Promise<Choice> {
  const planUri = await plans.show(source, formatPlan(plan, opts));
  const { message, detail } = confirmation(plan, opts.resolve);
  const items = [REVIEW, DEPLOY, ...(planNeedsPackages(plan) ? [INSTALL] : []), CANCEL];
  for (;;) {
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, ...items);
    if (choice === DEPLOY) return 'deploy';
    if (choice === INSTALL) return 'deploy-install';
    if (choice !== REVIEW) return undefined;
    await reveal(planUri);
    const again = await vscode.window.showInformationMessage(
      `${message} The plan is open; deploy once you have read it.`,
      'Deploy…',
    );
    if (again !== 'Deploy…') return undefined;
  }
}
