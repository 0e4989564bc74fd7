-- 0010 bedside second verifier: the second person of the two-person identity check (regimen-and-dosing.md §5
-- Infusion, §5.1) authenticates with their own credentials in the verification request; their user id is kept
-- with the verification (the first verifier is `recorded_by`, the logged-in user). Null for rows recorded
-- before this migration (the second verifier was then a typed name only) and for the synthetic demo cohort.
alter table bedside_verification add column second_verifier_id integer references app_user(id);
