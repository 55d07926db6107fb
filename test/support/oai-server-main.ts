// Runs the OAI-PMH test server on its own (for benchmarks): prints its URL, serves until killed.
import { OaiTestServer } from './oai-server.ts';

const server = await new OaiTestServer().start();
process.stdout.write(`${server.url}\n`);
process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
