// Terminal questions for deploy: a yes/no confirmation and a hidden passphrase. Only on a TTY.
import * as readline from 'node:readline';

export function isInteractive(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

export function ask(question: string, hidden = false): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    if (hidden) {
      // Echo nothing while the passphrase is typed.
      const w = rl as unknown as { _writeToOutput: (s: string) => void };
      let prompted = false;
      w._writeToOutput = (s: string) => {
        if (!prompted) {
          process.stderr.write(s);
          prompted = true;
        }
      };
    }
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stderr.write('\n');
      resolve(answer);
    });
  });
}
