// Status bar summary for the active *.okd.yaml; a click opens the Problems panel.
import * as vscode from 'vscode';
import type { Analysis } from '../../core/analyze';
import { summary } from '../../core/lang/summary';

export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('okdTopology.status', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'OKD Topology';
    this.item.command = 'workbench.actions.view.problems';
  }

  show(a: Analysis): void {
    const s = summary(a);
    this.item.text = s.text;
    this.item.tooltip = s.tooltip;
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
