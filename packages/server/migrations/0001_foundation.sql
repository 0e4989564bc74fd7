-- 0001 foundation: sites, users, roles, sessions, studies, subjects, labs, audit trail.
-- One dialect for both engines: nothing newer than PostgreSQL 15 (PGlite is 18, Debian's server is 15).
-- Nothing clinical is ever deleted: rows are voided (voided_at, void_reason) and every change is audited.

create table site (
  id serial primary key,
  code text not null unique,
  name text not null,
  city text,
  country text,
  created_at timestamptz not null default now()
);

create table app_user (
  id serial primary key,
  username text not null unique,
  display_name text not null,
  password_hash text,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);

create table user_role (
  user_id integer not null references app_user(id),
  role text not null check (role in ('admin','investigator','coordinator','monitor','data_manager','statistician','sponsor_safety')),
  primary key (user_id, role)
);

create table site_membership (
  user_id integer not null references app_user(id),
  site_id integer not null references site(id),
  primary key (user_id, site_id)
);

create table user_session (
  token_hash text primary key,
  user_id integer not null references app_user(id),
  csrf_token text not null,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  ended_at timestamptz
);

-- one-time links: create the first admin (user_id null) or set a new user's password
create table setup_token (
  token_hash text primary key,
  user_id integer references app_user(id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);

create table study (
  id serial primary key,
  registry_id text not null unique,
  title text not null,
  product text not null,
  phase text not null,
  target_enrolment integer,
  protocol jsonb not null,
  protocol_version text not null,
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);

create table study_site (
  study_id integer not null references study(id),
  site_id integer not null references site(id),
  primary key (study_id, site_id)
);

create table subject (
  id serial primary key,
  study_id integer not null references study(id),
  site_id integer not null references site(id),
  code text not null,
  status text not null,
  sex text check (sex in ('F','M','U')),
  age_years integer check (age_years between 0 and 120),
  dose_level text,
  ld_start_date date,
  infusion_date date,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  unique (study_id, code)
);
create index subject_site on subject(site_id);

create table lab_result (
  id serial primary key,
  subject_id integer not null references subject(id),
  test_code text not null,
  value double precision not null,
  unit text not null,
  collected_on date not null,
  ref_low double precision,
  ref_high double precision,
  voided_at timestamptz,
  void_reason text,
  created_at timestamptz not null default now()
);
create index lab_result_subject on lab_result(subject_id, test_code, collected_on);

-- Audit trail: append-only (trigger below) and hash-chained; audit_head serialises writers.
create table audit_event (
  id bigint primary key,
  at timestamptz not null,
  actor_user_id integer,
  actor text not null,
  action text not null,
  entity text not null,
  entity_id text,
  site_id integer,
  old_value jsonb,
  new_value jsonb,
  reason text,
  prev_hash text not null,
  hash text not null unique
);
create index audit_event_entity on audit_event(entity, entity_id);

create table audit_head (
  singleton boolean primary key default true check (singleton),
  last_id bigint not null,
  last_hash text not null
);
insert into audit_head (singleton, last_id, last_hash) values (true, 0, 'GENESIS');

create function audit_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only: % refused', tg_op using errcode = '42501';
end $$;
create trigger audit_event_no_update before update or delete or truncate on audit_event
  for each statement execute function audit_event_append_only();
