-- Recall Gate store, version 5: the tenant's active holds, newest first (GET /v1/holds without a
-- conversationId, the console's list of frozen conversations). HoldStore.active pages through
-- this index by (placed_at, hold_id) below the previous page's last row; only active holds are
-- in it, so released ones cost nothing however long the history grows.
CREATE INDEX holds_active_by_time ON holds (tenant, placed_at DESC, hold_id DESC) WHERE released_at IS NULL;
