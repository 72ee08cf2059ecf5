// Serves the portfolio page on fixture roll-ups, for working on its look without the whole system:
//   npx tsx test/portfolio-page/serve.ts [port]
import Fastify from 'fastify';
import { portfolioPagePlugin } from '../../sync-worker/src/portfolio-page/index.js';
import { fixtureRollUps } from './fixtures.js';

const app = Fastify({ logger: false });
await app.register(portfolioPagePlugin, { listRollUps: async () => fixtureRollUps() });
const address = await app.listen({ host: '127.0.0.1', port: Number(process.argv[2] ?? 0) });
console.log(`Porteføljesiden: ${address}/portfolio`);
