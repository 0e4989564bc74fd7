-- 0012 ODM imports by FileOID. ODM 1.3.2 §2.1: a FileOID identifies one file, so a second import of the same file,
-- which would duplicate every record, is refused. The unique key makes that hold when two imports of one file run
-- at once on PostgreSQL (the earlier check read audit_event.reason, unindexed, before the import's transaction).
create table odm_import (
  id serial primary key,
  file_oid text not null unique,
  -- null for imports made before this migration (their audit records do not name the study)
  study_id integer references study(id),
  imported_at timestamptz not null,
  imported_by integer references app_user(id),
  imported_by_name text not null
);

-- imports made before this migration, from the first audit record of each file
insert into odm_import (file_oid, study_id, imported_at, imported_by, imported_by_name)
select distinct on (substr(reason, 20)) substr(reason, 20), null, at, actor_user_id, actor
from audit_event
where reason like 'ODM import of file %'
order by substr(reason, 20), id;
