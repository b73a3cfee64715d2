// The DataSource the TypeORM CLI uses (e.g. `npx typeorm migration:show -d dist/ormconfig.js`); needs DATABASE_URL.
import { createDataSource } from './src/db/data-source';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to use the TypeORM CLI');

export default createDataSource({ url });
