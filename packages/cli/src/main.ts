/**
 * The command line, as a function of its arguments, environment and streams (the bin passes the process's;
 * tests pass their own): resolves to the exit code. 0: done; 1: the service (or the client's own checks)
 * refused something, or some rows failed; 2: a usage error (the message names the flag or variable).
 */
import { BULK_HELP, type BulkContext, bulkSetSilentMode } from './bulk.js';
import { type Io, commandsHelp, operationCommands, runOperation } from './commands.js';
import { ENV_HELP, type Env } from './connect.js';
import { UsageError } from './usage.js';

export const usage = (): string => `Usage: agora-chat-push COMMAND [flags]

Unofficial command line for the Agora Chat push-notification settings REST API (not affiliated with Agora).

One command per operation of the description (the answer's JSON on stdout):
${commandsHelp()}

Bulk jobs:
${BULK_HELP}

${ENV_HELP}

Exit codes: 0 done, 1 refused or some rows failed (listed with their reason), 2 usage error.`;

export interface MainContext extends Omit<BulkContext, 'io'> {
  io: Io;
  env: Env;
}

export async function main(argv: string[], context: MainContext): Promise<number> {
  const { io } = context;
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? io.stderr : io.stdout)(`${usage()}\n`);
      return command === undefined ? 2 : 0;
    }
    if (command === 'bulk') {
      const [job, ...flags] = rest;
      if (job !== 'set-silent-mode') {
        throw new UsageError(`bulk ${job ?? ''}: unknown bulk job${job === undefined ? '' : ` ${JSON.stringify(job)}`}; the bulk jobs: set-silent-mode`.replace('bulk : ', 'bulk: '));
      }
      return await bulkSetSilentMode(flags, context);
    }
    const op = operationCommands().get(command);
    if (!op) throw new UsageError(`unknown command ${JSON.stringify(command)}; the commands: ${[...operationCommands().keys()].join(', ')}, bulk set-silent-mode (see --help)`);
    return await runOperation(op, rest, context.env, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`agora-chat-push: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
