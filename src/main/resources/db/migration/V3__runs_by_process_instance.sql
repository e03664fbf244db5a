-- A run per process instance: a release the nightly timer started gets its run id from the first
-- job of its instance, and a re-delivered job must find that same run (NULLs stay allowed: a run
-- is recorded before its instance starts).
create unique index runs_process_instance on runs (process_instance_key);

-- releases.outcome gains 'removed': a rollback with no earlier release to put back took the failed
-- release out of its environment (no schema change: the column is free text).
