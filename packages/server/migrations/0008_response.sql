-- 0008 response: derived ITP response results (../shared/domain/response-itp.md §3, statistics.md §4
-- "figures reproducible from stored derived data").
-- One row per evaluation of a subject. A row records the protocol version and the exact response
-- parameters it used, the engine input it evaluated and that input's fingerprint (sha256 of the canonical
-- JSON of protocol version + parameters + input). When the inputs change the current row is superseded
-- (superseded_at set) and a new row is written: nothing is deleted, earlier results stay traceable.

create table derived_response (
  id serial primary key,
  subject_id integer not null references subject(id),
  study_id integer not null references study(id),
  protocol_version text not null,
  params jsonb not null,
  input jsonb not null,
  input_fingerprint text not null check (input_fingerprint ~ '^[0-9a-f]{64}$'),
  best_response text not null check (best_response in ('CR','R','NR','NE')),
  result jsonb not null,
  count_table jsonb not null,
  computed_at timestamptz not null,
  superseded_at timestamptz
);
-- at most one current result per subject
create unique index derived_response_current on derived_response(subject_id) where superseded_at is null;
create index derived_response_study on derived_response(study_id) where superseded_at is null;
