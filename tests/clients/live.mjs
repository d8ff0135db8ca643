// A partner's JavaScript client: one query, then one subscription event, over graphql-transport-ws.
// Usage: node live.mjs WS_URL TOKEN. Prints one JSON line per step: the query's result,
// "subscribed" once the subscription is sent, then the first event; exits 0 after it.
import { createClient } from "graphql-ws";
import WebSocket from "ws";

const [url, token] = process.argv.slice(2);
const client = createClient({ url, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
const say = (line) => console.log(JSON.stringify(line));

const query = await new Promise((resolve, reject) => {
  let result;
  client.subscribe(
    { query: "{ viewer { role name } initiatives(first: 1) { totalCount } }" },
    { next: (value) => (result = value), error: reject, complete: () => resolve(result) },
  );
});
say({ query });

const events = client.iterate({ query: "subscription { networkChanged { target kind id action dataVersion } }" });
const first = events.next();
say({ subscribed: true });
const { value } = await first;
say({ event: value });
await events.return();
await client.dispose();
