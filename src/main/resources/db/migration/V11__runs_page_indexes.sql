-- The runs page reads a page of runs at a time: the first release of each release run (by run id,
-- lowest id first), and the runs of one app newest first.
create index releases_run on releases (run_id, id);
create index runs_app_created on runs (app, created_at, run_id);
