// Runs graphql-http's GraphQL-over-HTTP server audits against the URL given as the first argument
// and prints one JSON array: every audit's id, name, status (ok, notice, warn, error) and reason.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://host:port/graphql');
  process.exit(2);
}

const results = [];
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  results.push({
    id: result.id,
    name: result.name,
    status: result.status,
    reason: result.reason ?? null,
    httpStatus: result.response ? result.response.status : null,
  });
}
process.stdout.write(JSON.stringify(results));
