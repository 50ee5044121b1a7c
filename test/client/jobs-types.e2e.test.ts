// The compile-time side of issue 15.5: ignoreInterval on a conversation does not compile, and the compiler's
// message says why (the type carries the rule) instead of "Type 'string' is not assignable to type 'undefined'".
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './support.js';

const typesDir = join(repoRoot, 'test', 'client', 'types');
const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

describe('ignoreInterval on a conversation, at compile time', () => {
  it('fails with a message that says it is valid only at the app level and names setSilentModeForAll', () => {
    const file = join(typesDir, `.jobs-interval-${process.pid}.ts`);
    const project = join(typesDir, `.tsconfig-jobs-interval-${process.pid}.json`);
    writeFileSync(
      file,
      [
        "import { createChatPushClient } from '../../../packages/client/src/index.js';",
        "const push = createChatPushClient({ baseUrl: 'https://a41.chat.agora.io', orgName: 'o', appName: 'a', token: 't' });",
        "void push.setSilentModeForConversation('user1', { type: 'chatgroup', key: '1' }, { type: 'NONE', ignoreInterval: '21:30-08:00' });",
        '',
      ].join('\n'),
    );
    writeFileSync(project, JSON.stringify({ extends: './tsconfig.json', include: [], files: [file] }));
    try {
      const result = spawnSync(process.execPath, [tsc, '--noEmit', '--pretty', 'false', '-p', project], { encoding: 'utf8' });
      expect(result.status).not.toBe(0);
      const errors = result.stdout.split('\n').filter((l) => l.includes('error TS'));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toContain('(3,');
      expect(errors[0]).toMatch(/valid only at the app level/);
      expect(errors[0]).toContain('setSilentModeForAll');
    } finally {
      rmSync(file, { force: true });
      rmSync(project, { force: true });
    }
  }, 120_000);
});
