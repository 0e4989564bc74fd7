-- 0004 journey: subject lifecycle history, chain of identity and custody of the autologous product,
-- lymphodepletion and infusion records, and the visit schedule anchored to Day 0 = infusion.
-- Source: ../shared/domain/regimen-and-dosing.md §3, §5, §5.1, §5.2, §6.
-- Nothing is deleted: rows are voided (voided_at, void_reason); every change is audited by the app.

-- Lifecycle: one row per status change, applied through core's state machine (JOURNEY_TRANSITIONS).
-- event_type 'consent' (from_status null) records the consent date of the journey's start.
create table subject_event (
  id serial primary key,
  subject_id integer not null references subject(id),
  event_type text not null,
  from_status text,
  to_status text not null,
  occurred_on date not null,
  reason text,
  recorded_by integer references app_user(id),
  recorded_by_name text not null,
  recorded_at timestamptz not null,
  voided_at timestamptz,
  void_reason text,
  check (event_type not in ('withdraw', 'lose-to-follow-up', 'die') or length(btrim(coalesce(reason, ''))) > 0)
);
create index subject_event_subject on subject_event(subject_id, id);

-- The product of one subject therapy event: the chain of identity (§5.1) carries one COI identifier.
create table cell_product (
  id serial primary key,
  subject_id integer not null unique references subject(id),
  coi_identifier text not null unique,
  -- ISBT 128 DIN (Data Structure 001), 13 characters, with its MOD 37-2 check character (§5.2)
  din text check (din is null or din ~ '^[A-Z][0-9A-Z]{4}[0-9]{8}$'),
  din_check_character text check (din_check_character is null or length(din_check_character) = 1),
  product_description text,
  created_by integer references app_user(id),
  created_at timestamptz not null
);

create table apheresis_collection (
  id serial primary key,
  product_id integer not null references cell_product(id),
  collected_at timestamptz not null,
  facility text not null,
  volume_ml double precision check (volume_ml is null or volume_ml > 0),
  din text check (din is null or din ~ '^[A-Z][0-9A-Z]{4}[0-9]{8}$'),
  notes text,
  created_by integer references app_user(id),
  created_at timestamptz not null,
  voided_at timestamptz,
  void_reason text
);
create index apheresis_collection_product on apheresis_collection(product_id);

create table manufacturing_lot (
  id serial primary key,
  product_id integer not null references cell_product(id),
  lot_number text not null,
  manufacturer text not null,
  started_on date not null,
  ended_on date,
  batch_record_ref text,
  deviations text,
  created_by integer references app_user(id),
  created_at timestamptz not null,
  voided_at timestamptz,
  void_reason text,
  unique (product_id, lot_number)
);

create table release_test (
  id serial primary key,
  product_id integer not null references cell_product(id),
  lot_id integer references manufacturing_lot(id),
  test text not null,
  result text not null,
  passed boolean not null,
  tested_on date not null,
  created_by integer references app_user(id),
  created_at timestamptz not null,
  voided_at timestamptz,
  void_reason text
);
create index release_test_product on release_test(product_id);

-- Chain of custody (§5.1): ordered hand-offs, validated gap-free by core's validateCustodyChain.
create table custody_handoff (
  id serial primary key,
  product_id integer not null references cell_product(id),
  material_id text not null,
  from_holder text not null,
  to_holder text not null,
  place text not null,
  handed_at timestamptz not null,
  temperature_condition text not null,
  temperature_in_range boolean not null,
  seal_intact boolean not null,
  created_by integer references app_user(id),
  created_at timestamptz not null,
  voided_at timestamptz,
  void_reason text
);
create index custody_handoff_product on custody_handoff(product_id, handed_at);

-- Bedside two-person identity verification (§5 infusion; §5.1 rules 1 and 2).
create table bedside_verification (
  id serial primary key,
  product_id integer not null references cell_product(id),
  subject_id integer not null references subject(id),
  bag_id text not null,
  scanned_patient_id text not null,
  scanned_coi_identifier text not null,
  verifiers jsonb not null,
  result text not null check (result in ('match', 'mismatch', 'incomplete')),
  deviation boolean not null,
  issues jsonb not null,
  verified_at timestamptz not null,
  recorded_by integer references app_user(id),
  created_at timestamptz not null
);
create index bedside_verification_subject on bedside_verification(subject_id, bag_id, verified_at);

-- Lymphodepletion record (§1-§3): inputs, calculated and prescribed doses, with the formula text.
create table ld_record (
  id serial primary key,
  subject_id integer not null references subject(id),
  start_date date not null,
  height_cm double precision not null,
  weight_kg double precision not null,
  bsa_m2 double precision not null,
  calculation jsonb not null,
  recorded_by integer references app_user(id),
  recorded_at timestamptz not null,
  voided_at timestamptz,
  void_reason text
);
create index ld_record_subject on ld_record(subject_id);

-- Infusion record (§5 Day 0): only saved after a matching bedside verification of the same bag.
create table infusion_record (
  id serial primary key,
  subject_id integer not null references subject(id),
  product_id integer not null references cell_product(id),
  verification_id integer not null references bedside_verification(id),
  bag_id text not null,
  infusion_date date not null,
  target_cells double precision,
  volume_ml double precision,
  calculation jsonb not null,
  recorded_by integer references app_user(id),
  recorded_at timestamptz not null,
  voided_at timestamptz,
  void_reason text
);
create index infusion_record_subject on infusion_record(subject_id);

-- Visit schedule (§6) from the protocol, anchored to Day 0 = infusion; recomputed (audited) when it moves.
create table subject_visit (
  id serial primary key,
  subject_id integer not null references subject(id),
  visit_id text not null,
  label text not null,
  kind text not null check (kind in ('lymphodepletion', 'protocol')),
  day integer not null,
  target_date date not null,
  window_start date not null,
  window_end date not null,
  assessments jsonb not null,
  done_on date,
  created_at timestamptz not null,
  voided_at timestamptz,
  void_reason text
);
create unique index subject_visit_active on subject_visit(subject_id, visit_id) where voided_at is null;
create index subject_visit_due on subject_visit(target_date) where voided_at is null;
