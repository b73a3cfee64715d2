// Opens the database the configuration names (or the embedded one), migrated and ready.
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { migrate } from './migrate';
import { observeQueries, withoutNamedStatements } from './transaction';

export interface Database {
  dataSource: DataSource;
  url: string;
  /** Where LISTEN goes: DATABASE_LISTEN_URL when DATABASE_URL is a pooler, else the same as `url`. */
  listenUrl: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'embeddedDataDir' | 'embeddedPort'> & Partial<Pick<Config, 'databaseListenUrl'>>,
  options: { log?: (line: string) => void; onQuery?: (sql: string) => void; poolSize?: number } = {},
): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let url = config.databaseUrl;
  if (!url) {
    options.log?.(`starting embedded PostgreSQL in ${config.embeddedDataDir} on port ${config.embeddedPort}`);
    embedded = await startEmbeddedPostgres({
      dataDir: config.embeddedDataDir,
      port: config.embeddedPort,
      persistent: true,
      onLog: options.log, // as root, where the data lives when the postgres user cannot reach the configured folder
    });
    url = embedded.url;
  }
  const direct = (embedded ? null : config.databaseListenUrl) ?? null;
  const dataSource = createDataSource({ url, onQuery: options.onQuery, poolSize: options.poolSize });
  if (options.onQuery) observeQueries(dataSource, options.onQuery);
  if (direct) withoutNamedStatements(dataSource);
  try {
    await dataSource.initialize();
    // The migrations hold a session lock: behind a transaction pooler they run on the direct connection.
    const applied = direct ? await migrateOn(direct) : await migrate(dataSource);
    if (applied.length) options.log?.(`applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    url,
    listenUrl: direct ?? url,
    embedded: embedded !== null,
    async close() {
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}

/** Migrations over a short-lived connection of their own (the direct one, when DATABASE_URL is a pooler). */
async function migrateOn(url: string): Promise<string[]> {
  const migrator = createDataSource({ url, poolSize: 2 }); // the lock holds one connection, the migrations run on another
  await migrator.initialize();
  try {
    return await migrate(migrator);
  } finally {
    await migrator.destroy();
  }
}
