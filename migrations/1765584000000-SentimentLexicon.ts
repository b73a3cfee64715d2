// The languages an organization declares (language guessing picks among them) and its own sentiment terms per language.
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SentimentLexicon1765584000000 implements MigrationInterface {
  name = 'SentimentLexicon1765584000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE organization ADD COLUMN languages text[] NOT NULL DEFAULT '{en,fr}'
        CHECK (cardinality(languages) BETWEEN 1 AND 10 AND array_position(languages, NULL) IS NULL)`);
    await q.query(`
      CREATE TABLE sentiment_term (
        organization_id uuid NOT NULL REFERENCES organization (id) ON DELETE CASCADE,
        language text NOT NULL CHECK (language ~ '^[a-z]{2,3}$'),
        term text NOT NULL CHECK (length(term) BETWEEN 1 AND 100),
        score double precision NOT NULL CHECK (score BETWEEN -5 AND 5 AND score <> 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, language, term)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sentiment_term`);
    await q.query(`ALTER TABLE organization DROP COLUMN languages`);
  }
}
