/**
 * One command per operation of the description, named after its operationId (`setPushSettings` ->
 * `set-push-settings`): its path parameters as flags (`--username`, `--type`, `--key`, `--name`; the App Key
 * comes from the environment), its request body as `--data JSON` (or `--data @FILE`), checked against the
 * description before anything is sent. The answer's JSON goes to stdout; an error's to stderr.
 */
import { readFileSync } from 'node:fs';
import { ChatPushError, type OperationId } from '@agora-chat-push/client';
import type { OperationModel } from '@agora-chat-push/openapi';
import { contract } from './contract.js';
import { type Env, connect } from './connect.js';
import { parseFlags, UsageError } from './usage.js';

/** `setPushSettings` -> `set-push-settings`. */
export const commandName = (operationId: string): string => operationId.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The path parameters a command takes as flags: every one but the App Key's two. */
const flagsOf = (op: OperationModel): string[] => op.pathParameters.filter((p) => p !== 'org_name' && p !== 'app_name');

const firstSentence = (text: string | undefined): string =>
  (text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=\.)\s/)[0] ?? '';

let commands: Map<string, OperationModel> | undefined;

/** The operations, by command name (from the one validator's model of this process). */
export function operationCommands(): Map<string, OperationModel> {
  commands ??= new Map(contract().model.operations.map((op) => [commandName(op.operationId), op]));
  return commands;
}

/** The help lines of the single commands. */
export function commandsHelp(): string {
  const lines: string[] = [];
  for (const [name, op] of operationCommands()) {
    const flags = flagsOf(op).map((f) => `--${f} ${f.toUpperCase()}`);
    if (op.requestBody) flags.push(op.requestBody.required ? '--data JSON' : '[--data JSON]');
    lines.push(`  ${name} ${flags.join(' ')}`.trimEnd(), `      ${op.method.toUpperCase()} ${op.path.replace('/{org_name}/{app_name}', '')}: ${op.summary}`);
  }
  return lines.join('\n');
}

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs one operation; resolves to the exit code (0: answered with success, 1: an error). */
export async function runOperation(op: OperationModel, argv: string[], env: Env, io: Io): Promise<number> {
  const flags = flagsOf(op);
  const values = parseFlags(
    commandName(op.operationId),
    argv,
    Object.fromEntries([...flags.map((f) => [f, { type: 'string' as const }]), ...(op.requestBody ? [['data', { type: 'string' as const }]] : [])]),
  );
  const path: Record<string, string> = {};
  for (const f of flags) {
    const value = values[f];
    if (typeof value !== 'string') {
      const parameter = op.parameters.find((p) => p.name === f);
      throw new UsageError(`${commandName(op.operationId)}: --${f} is required (${firstSentence(parameter?.description)})`);
    }
    path[f] = value;
  }
  let body: unknown;
  if (op.requestBody) {
    const data = values.data;
    if (typeof data !== 'string') {
      if (op.requestBody.required) throw new UsageError(`${commandName(op.operationId)}: --data JSON is required (the request body: ${op.requestBody.fields.join(', ')})`);
    } else {
      let text = data;
      if (data.startsWith('@')) {
        try {
          text = readFileSync(data.slice(1), 'utf8');
        } catch (error) {
          throw new UsageError(`--data ${data}: ${(error as Error).message}`);
        }
      }
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw new UsageError(`--data must be JSON: ${(error as Error).message}`);
      }
      // The description's rules for the body, before anything is sent.
      const issues = contract().validateRequestBody(op.operationId, body);
      if (issues.length > 0) throw new UsageError(`--data breaks the description: ${issues.map((i) => i.message).join('; ')}`);
    }
  }
  const { client } = connect(env);
  try {
    // The client's own call: its parameter checks, rate limit and retries, and its typed error, whose texts are
    // redacted (an answer that echoes the token never reaches stderr as it came).
    const { envelope } = await client.call(op.operationId as OperationId, path, body).withResponse();
    io.stdout(`${JSON.stringify(envelope, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof ChatPushError) {
      io.stderr(`${JSON.stringify(error, null, 2)}\n`);
      return 1;
    }
    throw error;
  }
}
