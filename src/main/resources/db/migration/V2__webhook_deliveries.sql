-- Webhook deliveries already handled (GitHub's X-GitHub-Delivery, Azure DevOps' event id).
create table webhook_deliveries (
  source      varchar(32)  not null,  -- github | azure-devops
  delivery_id varchar(100) not null,
  run_id      varchar(64),
  received_at timestamp with time zone not null,
  primary key (source, delivery_id)
);
