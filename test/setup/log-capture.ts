/**
 * Every server the tests start — in process through startApp's default logger or as a child
 * process — appends its log lines to one file (LOG_FILE, inherited through the environment). When
 * the run ends, the file is searched for personal data in clear: a phone number, a 12-digit ID
 * number or an e-mail address fails the run. Hashes, UUIDs and ticket codes are not matches.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { personalDataInClear } from '../helpers/personal-data.ts';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'hue-test-logs-'));
  const file = join(dir, 'run.log');
  process.env.LOG_FILE = file;
  return () => {
    const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    const leaks = lines.flatMap((line, i) => personalDataInClear(line).map((found) => `line ${i + 1}: ${found.kind} ${found.text}`));
    rmSync(dir, { recursive: true, force: true });
    console.log(`log redaction: ${lines.length} log lines of the whole run scanned, ${leaks.length} with personal data in clear`);
    if (leaks.length > 0) throw new Error(`personal data in clear in the test run's logs:\n${leaks.slice(0, 20).join('\n')}`);
  };
}
