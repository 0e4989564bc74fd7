-- 0002 screening: the per-site screening log (attempts, re-screens, signed attestations) and the history of
-- each study's protocol versions. PostgreSQL 15 SQL for both engines. Nothing is deleted: attempts are voided.

-- Every version a study's protocol has had, recorded by trigger whenever study.protocol is inserted or changed,
-- so the protocol viewer can show the differences between versions and a screening attempt can be re-read
-- against the exact version it was screened with.
create table study_protocol_version (
  id serial primary key,
  study_id integer not null references study(id),
  version_number text not null,
  protocol jsonb not null,
  recorded_at timestamptz not null default now()
);
create index study_protocol_version_study on study_protocol_version(study_id, id);

insert into study_protocol_version (study_id, version_number, protocol, recorded_at)
  select id, protocol_version, protocol, created_at from study order by id;

create function study_protocol_version_record() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' or new.protocol is distinct from old.protocol or new.protocol_version is distinct from old.protocol_version then
    insert into study_protocol_version (study_id, version_number, protocol) values (new.id, new.protocol_version, new.protocol);
  end if;
  return new;
end $$;
create trigger study_protocol_version_on_change after insert or update on study
  for each row execute function study_protocol_version_record();

-- One screening of one candidate against one study's protocol, kept per site (the site's screening log).
-- The outcome is always computed by the server with core's screenSubject, never taken from the client.
create table screening_attempt (
  id serial primary key,
  study_id integer not null references study(id),
  site_id integer not null references site(id),
  -- subject code or pseudonymous screening number (no direct identifiers)
  screening_number text not null,
  subject_id integer references subject(id),
  screened_on date not null,
  profile jsonb not null,
  protocol_version text not null,
  protocol_version_id integer references study_protocol_version(id),
  outcome text not null check (outcome in ('eligible', 'ineligible', 'incomplete')),
  failed_criteria jsonb not null default '[]',
  missing_fields jsonb not null default '[]',
  pending_attestations jsonb not null default '[]',
  -- the per-criterion result of the last evaluation
  result jsonb not null,
  -- a re-screen links to the attempt it repeats; an attempt is re-screened at most once
  previous_attempt_id integer unique references screening_attempt(id),
  created_by integer not null references app_user(id),
  created_at timestamptz not null default now(),
  voided_at timestamptz,
  void_reason text
);
create index screening_attempt_study_site on screening_attempt(study_id, site_id, screened_on);

-- An investigator's signed judgement on one attestation criterion of one attempt.
create table screening_attestation (
  id serial primary key,
  attempt_id integer not null references screening_attempt(id),
  criterion_id text not null,
  satisfied boolean not null,
  comment text,
  signed_by integer not null references app_user(id),
  signed_by_name text not null,
  signed_at timestamptz not null,
  unique (attempt_id, criterion_id)
);
