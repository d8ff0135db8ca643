// PostGraphile 5 as the peer benchmark runs it: the amber preset over the `public` schema,
// connected through a read-only role; run.py passes the connection string and port.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { jsonPgSmartTags } from "postgraphile/utils";

// The hub's `nodes` table would become a type `Node`, which Relay's interface already names.
const RenameNodes = jsonPgSmartTags({ version: 1, config: { class: { nodes: { tags: { name: "node_row" } } } } });

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  // Links are listed by kind then id, as the hub lists them; `kind` is the second column of
  // its indexes, which would otherwise hide it from `orderBy`.
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  plugins: [RenameNodes],
  pgServices: [makePgService({ connectionString: process.env.PEERS_DATABASE_URL, schemas: ["public"] })],
  grafserv: { host: "127.0.0.1", port: Number(process.env.PEERS_PORT), graphiql: false, watch: false },
  grafast: { explain: false },
};

export default preset;
