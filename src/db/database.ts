// Opens the database the configuration names (or the embedded one), migrated and ready.
import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { createDataSource } from './data-source';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { migrate } from './migrate';
import { observeQueries } from './transaction';

export interface Database {
  dataSource: DataSource;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
}

export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'embeddedDataDir' | 'embeddedPort'>,
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
  const dataSource = createDataSource({ url, onQuery: options.onQuery, poolSize: options.poolSize });
  if (options.onQuery) observeQueries(dataSource, options.onQuery);
  try {
    await dataSource.initialize();
    const applied = await migrate(dataSource);
    if (applied.length) options.log?.(`applied migrations: ${applied.join(', ')}`);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
  return {
    dataSource,
    url,
    embedded: embedded !== null,
    async close() {
      await dataSource.destroy();
      await embedded?.stop();
    },
  };
}
