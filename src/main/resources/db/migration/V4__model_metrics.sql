-- Model-aware delivery: why a build ran, the model's metrics that its tests measured, and the
-- quality gate's verdict. Shared by the console (builds, approvals, environments) and the
-- model-published triggers. Portable SQL (H2 2.x and PostgreSQL 15).

-- commit: a push or a request for a commit; model: a model-only rebuild of the release branch's
-- head (a published model, or the nightly release finding a changed model).
alter table builds add column build_trigger varchar(16) default 'commit' not null;
-- What announced the model, for a model-only rebuild (for example "eventgrid:<event id>"); no secret.
alter table builds add column model_event varchar(200);
-- The app's metrics file as a JSON object of metric name to number (null when it wrote none).
alter table builds add column metrics varchar(4000);
-- The quality gate: passed | failed, null while not evaluated (or no gate declared: see gate_reason).
alter table builds add column gate_outcome varchar(16);
alter table builds add column gate_reason varchar(1000);
-- builds.status gains 'rejected': the build was published but failed the quality gate, so no
-- release takes it (no schema change: the column is free text).
