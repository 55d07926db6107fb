import { Command } from 'commander';
import { AppError } from '../../kernel/errors.ts';
import { BackupError } from '../../db/backup.ts';
import { ImportError } from '../../harvest/formats.ts';
import { adminCommands } from './admin.ts';
import { dataCommands } from './data-commands.ts';
import { serveCommands } from './serve.ts';
import { storeCommands } from './store-commands.ts';

const program = new Command('leergoed')
  .description('Leergoed: open learning material and digital heritage for Dutch education')
  .showHelpAfterError();
serveCommands(program);
storeCommands(program);
dataCommands(program);
adminCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  const message =
    error instanceof AppError || error instanceof ImportError || error instanceof BackupError
      ? `${error.code}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`leergoed: ${message}`);
  process.exit(1);
});
