-- 0013 row versions: what a server process may keep of a row between requests.
-- PostgreSQL 15 SQL for both engines. Nothing is deleted or overwritten.
--
-- form_record.rev: a number from one sequence, new on every insert and every update of the row (data, status,
-- void, lock: any change). Unique across the table and never reused, so a value computed from a row version
-- (its parsed JSON, its zod-checked bedside form, its API form) can be kept under its rev: a later change gives
-- the row a new rev and the kept value is simply not asked for again. A rolled-back transaction's rev is never
-- handed out again either. The subject page, every form save and the bedside safety course read a subject's
-- records; with this they read (id, rev) and load only the versions not seen yet (bench/load, issue 10 item 5).
create sequence form_record_rev_seq;
alter table form_record add column rev bigint;
update form_record set rev = nextval('form_record_rev_seq');
-- the default serves inserts made with triggers disabled (a restore of a backup made before this migration);
-- `owned by` lets the restore move the sequence past the restored values, as it does for serial ids
alter table form_record alter column rev set default nextval('form_record_rev_seq'), alter column rev set not null;
alter sequence form_record_rev_seq owned by form_record.rev;
create unique index form_record_rev on form_record(rev);

create function form_record_next_rev() returns trigger language plpgsql as $$
begin
  new.rev := nextval('form_record_rev_seq');
  return new;
end $$;
create trigger form_record_rev before insert or update on form_record
  for each row execute function form_record_next_rev();

-- study_protocol_version.protocol_md5: the MD5 of the stored JSON's text, kept with the row instead of computed
-- on every protocol lookup (~0.45 ms per lookup on the embedded engine for a 26 KB protocol). Parsed protocols
-- are shared by content digest (packages/server/src/repo/parsed-protocols.ts). Readers use
-- coalesce(protocol_md5, md5(protocol::text)); a restore recomputes it.
alter table study_protocol_version add column protocol_md5 text;
update study_protocol_version set protocol_md5 = md5(protocol::text);

create function study_protocol_version_digest() returns trigger language plpgsql as $$
begin
  new.protocol_md5 := md5(new.protocol::text);
  return new;
end $$;
create trigger study_protocol_version_digest before insert or update on study_protocol_version
  for each row execute function study_protocol_version_digest();
