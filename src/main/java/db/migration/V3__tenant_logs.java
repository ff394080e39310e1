package db.migration;

import io.recallgate.store.LegacyLogMigration;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Flyway migration 3: per-tenant Merkle logs. A Java migration because the decisions stored so far
 * enter their tenants' logs, and their leaves are hashes of canonical JSON that SQL cannot write.
 * Flyway finds it by its package, beside the SQL migrations in {@code db/migration}.
 */
public class V3__tenant_logs extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        LegacyLogMigration.migrate(context.getConnection());
    }
}
