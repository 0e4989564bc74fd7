-- 0005 escalation: DLT adjudication, safety committee escalation decisions, MTD / RP2D.
-- Source: shared/domain/safety-grading.md §5 (DLT window, evaluability), dose-escalation.md §1-2 (3+3, BOIN).
-- Nothing is deleted: a changed DLT assessment loses its signature (re-signed later), decisions are voided
-- with a reason; every change is audited in the same transaction.

-- One DLT adjudication per subject (safety-grading.md §5). Editing it clears the signature: only signed
-- assessments feed the per-dose-level counts.
create table dlt_assessment (
  id serial primary key,
  subject_id integer not null references subject(id) unique,
  evaluable boolean not null,
  not_evaluable_reason text,
  dlt boolean,
  event_description text,
  dlt_grade integer check (dlt_grade between 1 and 5),
  onset_date date,
  signed_by integer references app_user(id),
  signed_by_name text,
  signature_meaning text,
  signed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz,
  check (evaluable or (not_evaluable_reason is not null and dlt is null)),
  check (not evaluable or dlt is not null),
  check (dlt is not true or (event_description is not null and dlt_grade is not null and onset_date is not null)),
  check ((signed_by is null) = (signed_at is null) and (signed_at is null) = (signature_meaning is null))
);

-- The safety committee's decision after a cohort, beside the rule's recommendation (null: none given).
create table escalation_decision (
  id serial primary key,
  study_id integer not null references study(id),
  design text not null check (design in ('3+3','BOIN')),
  current_dose_level text not null,
  data jsonb not null,
  recommended_action text check (recommended_action in ('escalate','stay','deescalate','stop')),
  recommended_dose_level text,
  recommended_rule text,
  action text not null check (action in ('escalate','stay','deescalate','stop')),
  next_dose_level text,
  follows_recommendation boolean not null,
  reason text,
  signed_by integer not null references app_user(id),
  signed_by_name text not null,
  signature_meaning text not null,
  signed_at timestamptz not null,
  voided_at timestamptz,
  void_reason text,
  check (action = 'stop' or next_dose_level is not null),
  check (follows_recommendation or reason is not null),
  check ((voided_at is null) = (void_reason is null))
);
create index escalation_decision_study on escalation_decision(study_id, signed_at);

-- MTD and recommended phase 2 dose at the end of escalation, with the data weighed.
create table rp2d_decision (
  id serial primary key,
  study_id integer not null references study(id),
  mtd_dose_level text,
  rp2d_dose_level text not null,
  rationale text not null,
  data jsonb not null,
  signed_by integer not null references app_user(id),
  signed_by_name text not null,
  signature_meaning text not null,
  signed_at timestamptz not null,
  voided_at timestamptz,
  void_reason text,
  check ((voided_at is null) = (void_reason is null))
);
create unique index rp2d_decision_current on rp2d_decision(study_id) where voided_at is null;

-- The next cohort follows the committee: a new subject without a dose level gets the level of the study's
-- latest valid escalation decision (none after a 'stop').
create function subject_default_dose_level() returns trigger language plpgsql as $$
begin
  if new.dose_level is null then
    select d.next_dose_level into new.dose_level
      from escalation_decision d
     where d.study_id = new.study_id and d.voided_at is null
     order by d.signed_at desc, d.id desc
     limit 1;
  end if;
  return new;
end $$;
create trigger subject_default_dose_level before insert on subject
  for each row execute function subject_default_dose_level();
