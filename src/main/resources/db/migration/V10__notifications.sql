-- Notifications (docs/notifications.md). Portable SQL (H2 2.x and PostgreSQL 15). No column holds
-- a secret: channels are kept as their settings, which name secrets; the dispatcher resolves the
-- names when it delivers.

-- The durable outbox: one row per notification and channel. A BPMN notify job only inserts here
-- and completes; the dispatcher delivers with backoff. The unique key makes a re-delivered job (or
-- an incident seen twice) notify once.
create table notification_outbox (
  delivery_id     varchar(36)   not null primary key, -- sent as X-Modelship-Delivery, kept on retries
  run_id          varchar(64)   not null,
  origin          varchar(200)  not null,   -- the step (element id, '.<app>' in a release) or incident:<key>
  channel         varchar(100)  not null,   -- global:<name> or app:<index>-<type>
  channel_spec    varchar(2000) not null,   -- the channel's settings as JSON (secret names only)
  event           varchar(32)   not null,
  app             varchar(40),
  notification    varchar(8000) not null,   -- the Notification as JSON
  state           varchar(16)   not null,   -- pending | delivered | gave-up
  attempts        int           not null,
  next_attempt_at timestamp with time zone not null,
  last_error      varchar(1000),            -- masked
  created_at      timestamp with time zone not null,
  delivered_at    timestamp with time zone,
  constraint notification_outbox_once unique (run_id, origin, channel)
);
create index notification_outbox_due on notification_outbox (state, next_attempt_at);

-- The notifications section of each app's .modelship.yaml as read at a commit, so a release (which
-- checks out no source) tells the channels of the build it releases.
create table app_notifications (
  app         varchar(40)   not null,
  commit_sha  varchar(40)   not null,
  channels    varchar(8000) not null,       -- JSON list of the channels' settings (secret names only)
  recorded_at timestamp with time zone not null,
  primary key (app, commit_sha)
);
