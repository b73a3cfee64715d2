// The TypeORM data source: entities, migrations, pool. `synchronize` is never on; migrations own the schema.
import 'reflect-metadata';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { ApiTokenEntity, OrganizationEntity } from '../auth/auth.entity';
import { BrandEntity } from '../brands/brand.entity';
import { CrisisEntity, CrisisEventEntity, IdempotencyKeyEntity } from '../crisis/crisis.entity';
import { CrisisTimerEntity } from '../timers/timer.entity';
import { PlaybookEntity, PlaybookVersionEntity } from '../playbooks/playbook.entity';
import { CrisisAssignmentEntity, CrisisTaskEntity } from '../team/team.entity';

export const ENTITIES = [
  OrganizationEntity, ApiTokenEntity, BrandEntity, CrisisEntity, CrisisEventEntity, IdempotencyKeyEntity, CrisisTimerEntity,
  PlaybookEntity, PlaybookVersionEntity, CrisisAssignmentEntity, CrisisTaskEntity,
];

/** Compiled migrations sit beside the compiled sources; under ts (jest) they are the .ts files. */
const MIGRATIONS = path.join(__dirname, '..', '..', 'migrations', `*.${__filename.endsWith('.ts') ? 'ts' : 'js'}`);

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  /** Called for every SQL statement; tests count statements with it. */
  onQuery?: (sql: string) => void;
}

export function createDataSource(options: DataSourceOptions): DataSource {
  const onQuery = options.onQuery;
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: [MIGRATIONS],
    migrationsTableName: 'migrations',
    synchronize: false,
    logging: onQuery ? ['query'] : false,
    logger: onQuery
      ? {
          logQuery: (sql: string) => onQuery(sql),
          logQueryError: () => undefined,
          logQuerySlow: () => undefined,
          logSchemaBuild: () => undefined,
          logMigration: () => undefined,
          log: () => undefined,
        }
      : undefined,
    // A request that cannot get a connection within 10 s fails (and is logged) instead of waiting forever.
    extra: { max: options.poolSize ?? 20, application_name: 'crisis-desk', connectionTimeoutMillis: 10_000 },
  });
}
