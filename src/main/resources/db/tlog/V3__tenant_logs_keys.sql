-- Run after the decisions stored so far have their log_index (see V3__tenant_logs.sql).
ALTER TABLE decisions ALTER COLUMN log_index SET NOT NULL;
ALTER TABLE decisions ADD PRIMARY KEY (tenant, log_index);
CREATE UNIQUE INDEX decisions_tenant_decision_id ON decisions (tenant, decision_id);
CREATE INDEX decisions_by_message ON decisions (tenant, conversation_id, message_id, log_index);
