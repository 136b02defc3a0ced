import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The life-safety terms a new installation starts with (a copy: a released migration never changes). */
const INITIAL_TERMS = [
  '自杀',
  '轻生',
  '不想活',
  '想死',
  '去死',
  '跳楼',
  '割腕',
  '自残',
  '自伤',
  '遗书',
  '结束生命',
  '安眠药',
  '持刀',
  '带刀',
  '管制刀具',
  '刀捅',
  '捅死',
  '砍人',
  '杀人',
  '杀了他',
  '杀了你',
  '枪',
  '炸弹',
  '爆炸',
  '放火',
  '纵火',
  '报复',
  'suicide',
  'suicidal',
  'kill myself',
  'end my life',
  'want to die',
  'self-harm',
  'self harm',
  'cutting myself',
  'overdose',
  'knife',
  'gun',
  'weapon',
  'bomb',
  'stab',
  'shoot',
  'kill',
];

/**
 * The 110 mailbox, complete whistle reports, attachments, messages, life-safety terms, duplicate
 * dismissals and the audit of staff reads. Columns holding people's words (descriptions, people
 * involved, tip texts, messages, contacts) hold `enc:v1:<key id>:…` values, never clear text.
 */
export class IntakePrivacyTips1766500000000 implements MigrationInterface {
  name = 'IntakePrivacyTips1766500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE intake.whistle_reports
      ADD COLUMN subcategory text,
      ADD COLUMN occurred_at timestamptz,
      ADD COLUMN lat double precision,
      ADD COLUMN lng double precision,
      ADD COLUMN people_involved text,
      ADD COLUMN attachment_ids uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN life_safety boolean NOT NULL DEFAULT false`);
    await runner.query(
      'CREATE INDEX whistle_reports_similar_idx ON intake.whistle_reports (school_id, category, submitted_at DESC)',
    );
    // The school's view of its case: every status change intake learns from dispatch.
    await runner.query(`CREATE TABLE intake.case_history (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL,
      sequence integer,
      from_status text,
      to_status text NOT NULL,
      command text,
      changed_at timestamptz NOT NULL
    )`);
    await runner.query(
      'CREATE UNIQUE INDEX case_history_sequence_idx ON intake.case_history (case_id, sequence) WHERE sequence IS NOT NULL',
    );
    await runner.query('CREATE INDEX case_history_case_idx ON intake.case_history (case_id, changed_at)');
    await runner.query(`CREATE TABLE intake.tips (
      id uuid PRIMARY KEY,
      reference text NOT NULL UNIQUE,
      code_hash text NOT NULL UNIQUE,
      secret_hash text NOT NULL,
      school_id uuid,
      school_name text,
      category text,
      what text NOT NULL,
      occurred text,
      place text,
      people text,
      contact text,
      life_safety boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'received',
      decision_reason text,
      duplicate_of uuid,
      triaged_by uuid,
      triaged_at timestamptz,
      case_status text,
      case_status_at timestamptz,
      case_status_sequence integer NOT NULL DEFAULT 0,
      submitted_at timestamptz NOT NULL
    )`);
    await runner.query('CREATE INDEX tips_queue_idx ON intake.tips (status, submitted_at DESC, id DESC)');
    await runner.query('CREATE INDEX tips_all_idx ON intake.tips (submitted_at DESC, id DESC)');
    // One thread per tip (tipster and task force) and per report (school and task force).
    await runner.query(`CREATE TABLE intake.messages (
      id uuid PRIMARY KEY,
      thread_kind text NOT NULL CHECK (thread_kind IN ('tip', 'report')),
      thread_id uuid NOT NULL,
      author text NOT NULL CHECK (author IN ('tipster', 'school', 'staff')),
      author_id uuid,
      body text NOT NULL,
      attachment_ids uuid[] NOT NULL DEFAULT '{}',
      sent_at timestamptz NOT NULL
    )`);
    await runner.query('CREATE INDEX messages_thread_idx ON intake.messages (thread_id, sent_at, id)');
    await runner.query(`CREATE TABLE intake.attachments (
      id uuid PRIMARY KEY,
      storage_key text NOT NULL,
      content_type text NOT NULL,
      size bigint NOT NULL,
      sha256 text NOT NULL,
      uploader_kind text NOT NULL CHECK (uploader_kind IN ('user', 'tipster')),
      uploader_id uuid NOT NULL,
      attached_kind text CHECK (attached_kind IN ('report', 'tip', 'message')),
      attached_id uuid,
      uploaded_at timestamptz NOT NULL
    )`);
    await runner.query(`CREATE TABLE intake.life_safety_terms (
      term text PRIMARY KEY,
      updated_by uuid,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    for (const term of INITIAL_TERMS) {
      await runner.query('INSERT INTO intake.life_safety_terms (term) VALUES ($1)', [term]);
    }
    await runner.query(`CREATE TABLE intake.duplicate_dismissals (
      case_id uuid NOT NULL,
      other_id uuid NOT NULL,
      dismissed_by uuid NOT NULL,
      dismissed_at timestamptz NOT NULL,
      PRIMARY KEY (case_id, other_id)
    )`);
    // Who read which protected field, when: append-only, each row chained to the one before by hash.
    await runner.query(`CREATE TABLE intake.field_reads (
      id bigserial PRIMARY KEY,
      actor_id uuid NOT NULL,
      actor_role text NOT NULL,
      subject text NOT NULL,
      subject_id uuid NOT NULL,
      fields text[] NOT NULL,
      read_at timestamptz NOT NULL DEFAULT clock_timestamp(),
      prev_hash text NOT NULL,
      hash text NOT NULL
    )`);
    await runner.query(`CREATE FUNCTION intake.field_reads_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- One writer at a time, so each row names the true previous hash.
        PERFORM pg_advisory_xact_lock(hashtext('intake.field_reads'));
        SELECT hash INTO NEW.prev_hash FROM intake.field_reads ORDER BY id DESC LIMIT 1;
        NEW.prev_hash := coalesce(NEW.prev_hash, '');
        NEW.hash := encode(sha256(convert_to(concat_ws('|', NEW.prev_hash, NEW.actor_id, NEW.actor_role,
          NEW.subject, NEW.subject_id, array_to_string(NEW.fields, ','), to_char(NEW.read_at AT TIME ZONE 'UTC',
          'YYYY-MM-DD"T"HH24:MI:SS.US')), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await runner.query(`CREATE TRIGGER field_reads_chain BEFORE INSERT ON intake.field_reads
      FOR EACH ROW EXECUTE FUNCTION intake.field_reads_chain()`);
    await runner.query(`CREATE FUNCTION intake.field_reads_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'intake.field_reads is append-only';
      END $$`);
    await runner.query(`CREATE TRIGGER field_reads_append_only BEFORE UPDATE OR DELETE ON intake.field_reads
      FOR EACH ROW EXECUTE FUNCTION intake.field_reads_append_only()`);
    await runner.query(`CREATE TRIGGER field_reads_no_truncate BEFORE TRUNCATE ON intake.field_reads
      FOR EACH STATEMENT EXECUTE FUNCTION intake.field_reads_append_only()`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE intake.field_reads');
    await runner.query('DROP FUNCTION intake.field_reads_append_only()');
    await runner.query('DROP FUNCTION intake.field_reads_chain()');
    for (const table of [
      'duplicate_dismissals',
      'life_safety_terms',
      'attachments',
      'messages',
      'tips',
      'case_history',
    ]) {
      await runner.query(`DROP TABLE intake.${table}`);
    }
    await runner.query('DROP INDEX intake.whistle_reports_similar_idx');
    await runner.query(`ALTER TABLE intake.whistle_reports
      DROP COLUMN subcategory, DROP COLUMN occurred_at, DROP COLUMN lat, DROP COLUMN lng,
      DROP COLUMN people_involved, DROP COLUMN attachment_ids, DROP COLUMN life_safety`);
  }
}
