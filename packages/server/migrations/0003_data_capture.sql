-- 0003 data capture: eCRF records, field-level data queries, source data verification (SDV), electronic
-- signatures and locks. Form schemas, edit checks and derived values are core's (packages/core/src/forms).
-- Nothing clinical is deleted: records are voided with a reason; signatures are voided by later changes;
-- SDV marks are reset (not removed) when the data change; locks are lifted with a reason. Every change is
-- audited in the same transaction (ICH E6(R3) §4.2, 21 CFR Part 11 §11.10(e), §11.50, §11.70).

create table form_record (
  id serial primary key,
  subject_id integer not null references subject(id),
  study_id integer not null references study(id),
  site_id integer not null references site(id),
  form_type text not null check (form_type in (
    'vital_signs','oxygen','vasopressor','neuro','bleeding_event','adverse_event','medication',
    'correlative','questionnaire','sledai','lupus_status')),
  visit_day integer,
  visit_label text,
  observed_on date not null,
  data jsonb not null,
  derived jsonb not null default '{}',
  -- warning check id -> reason given when saving over it
  overrides jsonb not null default '{}',
  status text not null default 'saved' check (status in ('draft','saved','signed','locked')),
  version integer not null default 1 check (version >= 1),
  created_by integer not null references app_user(id),
  created_at timestamptz not null,
  updated_by integer not null references app_user(id),
  updated_at timestamptz not null,
  voided_at timestamptz,
  voided_by integer references app_user(id),
  void_reason text,
  check ((voided_at is null) = (void_reason is null))
);
create index form_record_subject on form_record(subject_id, form_type, observed_on);
create index form_record_site on form_record(site_id);

-- A field-level query: raised by a monitor or data manager, answered by the site, closed by its author only.
create table data_query (
  id serial primary key,
  form_record_id integer not null references form_record(id),
  -- dotted path of the field inside the form's data; '' = the whole form
  field_path text not null default '',
  text text not null check (length(text) > 0),
  raised_by integer not null references app_user(id),
  raised_at timestamptz not null,
  status text not null default 'open' check (status in ('open','answered','closed')),
  answer text,
  answered_by integer references app_user(id),
  answered_at timestamptz,
  closed_by integer references app_user(id),
  closed_at timestamptz,
  close_note text,
  check ((status = 'closed') = (closed_at is not null))
);
create index data_query_form on data_query(form_record_id);
create index data_query_open on data_query(status) where status <> 'closed';

-- Source data verification by a monitor: one field or the whole form (field_path ''), at a record version.
-- A change of the data resets the marks it touches (reset_at), keeping them for the trail.
create table sdv_mark (
  id serial primary key,
  form_record_id integer not null references form_record(id),
  field_path text not null default '',
  record_version integer not null,
  verified_by integer not null references app_user(id),
  verified_at timestamptz not null,
  reset_at timestamptz,
  reset_reason text
);
create index sdv_mark_form on sdv_mark(form_record_id) where reset_at is null;

-- Electronic signature (21 CFR 11.50: printed name, date-time, meaning), of a form, a visit or the casebook.
create table e_signature (
  id serial primary key,
  scope text not null check (scope in ('form','visit','casebook')),
  subject_id integer not null references subject(id),
  form_record_id integer references form_record(id),
  visit_label text,
  record_version integer,
  signer_id integer not null references app_user(id),
  signer_name text not null,
  meaning text not null check (length(meaning) > 0),
  signed_at timestamptz not null,
  voided_at timestamptz,
  void_reason text,
  check ((scope = 'form') = (form_record_id is not null)),
  check ((scope = 'visit') = (visit_label is not null))
);
create index e_signature_subject on e_signature(subject_id) where voided_at is null;

-- A lock of a form, a subject's casebook or a whole study by a data manager; lifted only with a reason.
create table data_lock (
  id serial primary key,
  scope text not null check (scope in ('form','subject','study')),
  study_id integer not null references study(id),
  subject_id integer references subject(id),
  form_record_id integer references form_record(id),
  locked_by integer not null references app_user(id),
  locked_at timestamptz not null,
  unlocked_by integer references app_user(id),
  unlocked_at timestamptz,
  unlock_reason text,
  check ((unlocked_at is null) = (unlock_reason is null)),
  check ((scope = 'form') = (form_record_id is not null)),
  check (scope = 'study' or subject_id is not null)
);
create index data_lock_active on data_lock(study_id) where unlocked_at is null;
