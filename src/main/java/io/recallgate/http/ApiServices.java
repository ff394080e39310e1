package io.recallgate.http;

import io.recallgate.decision.DecisionService;
import io.recallgate.decision.ImpactAnalyzer;
import io.recallgate.http.auth.ApiKeys;
import io.recallgate.http.auth.RateLimiter;
import io.recallgate.http.contract.OpenApiDocument;
import io.recallgate.http.contract.RequestParser;
import io.recallgate.metrics.MicrometerMetrics;
import io.recallgate.policy.PolicyManager;
import io.recallgate.store.AuditVerifier;
import io.recallgate.store.Database;
import io.recallgate.store.DecisionLog;
import io.recallgate.store.DecisionReports;
import io.recallgate.store.HoldStore;
import io.recallgate.store.PolicyArchive;
import io.recallgate.store.TenantLogs;

/** What the HTTP layer calls into; built once by the service and shared by every event loop. */
public record ApiServices(
        OpenApiDocument contract,
        PolicyManager policy,
        DecisionService decisions,
        DecisionLog decisionLog,
        HoldStore holds,
        AuditVerifier auditVerifier,
        TenantLogs tenantLogs,
        Database database,
        RequestParser parser,
        ApiKeys apiKeys,
        RateLimiter rateLimiter,
        MicrometerMetrics metrics,
        Inflight inflight,
        PolicyArchive policyArchive,
        DecisionReports reports,
        ImpactAnalyzer impact) {}
