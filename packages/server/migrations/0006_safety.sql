-- 0006 safety: lab-derived AE proposals, safety alerts, notifications, SAE reports and follow-ups.
-- Source: shared/domain/safety-grading.md §1-4. Nothing is deleted: proposals are superseded or decided,
-- alerts acknowledged, SAE reports voided; every change is audited in the same transaction.

-- LAB-7 / §3.2: a lab-derived AE is proposed by CTCAE grading and confirmed or rejected by the investigator.
create table lab_ae_proposal (
  id serial primary key,
  subject_id integer not null references subject(id),
  analyte text not null,
  term text not null,
  soc text not null,
  ctcae_version text not null,
  emergence_rule text not null check (emergence_rule in ('any-abnormal','worsening-from-baseline')),
  baseline_grade integer check (baseline_grade between 0 and 4),
  onset_date date not null,
  last_abnormal_date date not null,
  end_date date,
  worst_grade integer not null check (worst_grade between 1 and 4),
  worst_grade_date date not null,
  sample_ids jsonb not null default '[]',
  status text not null default 'proposed' check (status in ('proposed','confirmed','rejected','superseded')),
  decided_by integer references app_user(id),
  decided_at timestamptz,
  decision_reason text,
  created_at timestamptz not null default now()
);
create index lab_ae_proposal_subject on lab_ae_proposal(subject_id, analyte, onset_date);

-- A grade rise of CRS / ICANS or a lab grade >= 3, raised in the transaction that saved the observation.
create table safety_alert (
  id serial primary key,
  subject_id integer not null references subject(id),
  study_id integer not null references study(id),
  site_id integer not null references site(id),
  kind text not null check (kind in ('crs','icans','lab')),
  grade integer not null check (grade between 1 and 5),
  previous_grade integer,
  protocol_day integer,
  observed_on date not null,
  finding text not null,
  source_entity text not null,
  source_id text,
  created_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by integer references app_user(id)
);
create index safety_alert_study on safety_alert(study_id, acknowledged_at);
create index safety_alert_subject on safety_alert(subject_id);

-- Outbox of notifications: in-app rows are read in the app; e-mail rows are sent by the background sender.
create table notification (
  id serial primary key,
  alert_id integer references safety_alert(id),
  channel text not null check (channel in ('in_app','email')),
  recipient text,
  subject_line text not null,
  body text not null,
  status text not null default 'queued' check (status in ('queued','sent','failed','shown')),
  attempts integer not null default 0,
  last_error text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index notification_queue on notification(channel, status);

-- ICH E2A SAE report. Timestamps a person gave keep their UTC offset as written (text, ISO 8601 with
-- offset) because the clocks are calendar-day rules in a named zone (§4.2); *_instant columns index them.
create table sae_report (
  id serial primary key,
  subject_id integer not null references subject(id),
  site_id integer not null references site(id),
  ae_source text not null check (ae_source in ('form_record','lab_ae_proposal','safety_alert','other')),
  ae_source_id text,
  term text not null,
  ctcae_grade integer check (ctcae_grade between 1 and 5),
  onset_date date,
  seriousness jsonb not null,
  serious text not null check (serious in ('yes','no','unknown')),
  criteria jsonb not null default '[]',
  related boolean,
  unexpected boolean,
  susar_category text not null,
  site_aware_at text not null,
  site_aware_instant timestamptz not null,
  initial_sent_at text,
  sponsor_first_knowledge_at text,
  regulator_initial_submitted_at text,
  regulator_follow_up_submitted_at text,
  narrative text not null default '',
  created_at timestamptz not null default now(),
  voided_at timestamptz,
  void_reason text
);
create index sae_report_subject on sae_report(subject_id);

create table sae_follow_up (
  id serial primary key,
  sae_id integer not null references sae_report(id),
  sent_at text not null,
  summary text not null,
  created_at timestamptz not null default now()
);
create index sae_follow_up_sae on sae_follow_up(sae_id);
