-- 0011 amendments: the protocol version each subject consented to, and re-consent to a later version.
-- PostgreSQL 15 SQL for both engines. Nothing is deleted or overwritten: a re-consent adds a row.
-- Source: task brief issue 3 item 1 ("amendments make a new version; each subject stays on the version of its
-- consent until re-consented"). An amendment itself is a new study_protocol_version row (0002), inserted by
-- the protocol workflow (packages/server/src/repo/protocol-versions.ts) with the study's pointer moved to it.

-- The 0002 trigger records a version whenever study.protocol changes. The amendment workflow inserts the
-- version row itself (same transaction, audited) before moving study.protocol to it, so the trigger now
-- skips a protocol identical to the study's latest recorded version instead of recording it twice.
create or replace function study_protocol_version_record() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' or new.protocol is distinct from old.protocol or new.protocol_version is distinct from old.protocol_version then
    if not exists (
      select 1 from study_protocol_version v
      where v.id = (select max(id) from study_protocol_version where study_id = new.id)
        and v.protocol = new.protocol and v.version_number = new.protocol_version
    ) then
      insert into study_protocol_version (study_id, version_number, protocol) values (new.id, new.protocol_version, new.protocol);
    end if;
  end if;
  return new;
end $$;

-- One consent of one subject to one protocol version. The first row is the consent at enrolment; later
-- rows are re-consents to a newer version, effective on `consented_on`. The subject's protocol is the
-- version of its latest row.
create table subject_consent (
  id serial primary key,
  subject_id integer not null references subject(id),
  protocol_version_id integer not null references study_protocol_version(id),
  version_number text not null,
  consented_on date not null,
  kind text not null check (kind in ('consent', 're-consent')),
  note text,
  recorded_by integer references app_user(id),
  recorded_by_name text not null,
  recorded_at timestamptz not null
);
create index subject_consent_subject on subject_consent(subject_id, id);
