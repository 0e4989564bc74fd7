-- 0014 the record list's index: the subject page lists the latest records of each form type (newest first by
-- date, then by entry), `order by observed_on desc, id desc limit 25` per form type. With id in the index the
-- latest 25 are read off its end; without it every record of a day (a bedside casebook has dozens of vital
-- signs a day, bench/load thousands) was read and sorted first. Same leading columns, so the index serves
-- every query the one it replaces did. PostgreSQL 15 SQL for both engines.
create index form_record_subject_list on form_record(subject_id, form_type, observed_on, id);
drop index form_record_subject;
