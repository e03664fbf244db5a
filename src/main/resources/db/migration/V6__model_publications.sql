-- Models published to an app (Event Grid, the signed model-published webhook, the API), once per
-- app and model digest: a second announcement of the same model starts nothing. The deliveries
-- themselves are de-duplicated by event id in webhook_deliveries (source eventgrid, model-webhook
-- or api). Portable SQL (H2 2.x and PostgreSQL 15).
create table model_publications (
  app          varchar(40)   not null,
  model_sha256 varchar(64)   not null,
  model_uri    varchar(2048) not null,
  model_event  varchar(200)  not null,  -- e.g. eventgrid:<event id>; no secret
  run_id       varchar(64),             -- the model-only build (or release) it started
  received_at  timestamp with time zone not null,
  primary key (app, model_sha256)
);
