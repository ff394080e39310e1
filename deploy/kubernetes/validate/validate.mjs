// Checks every manifest in deploy/kubernetes against the JSON schema of its kind, taken from the
// Kubernetes OpenAPI spec (kubernetes-models: one model per kind, validated with ajv; unknown fields
// and wrong types are errors), then what a schema cannot see: the rules ConfigMap and the
// Deployment's items agree, probes point at the service's health endpoints, and the stop fits in
// the grace period. Exit code 0 when all is well.
//
//   cd deploy/kubernetes/validate && npm ci && node validate.mjs [DIR]
import { readFileSync, readdirSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);
const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..");
const problems = [];
const objects = [];

for (const file of readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort()) {
  const docs = parseAllDocuments(readFileSync(join(dir, file), "utf8"));
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      problems.push(`${file}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = doc.toJS();
    if (object == null) continue;
    if (object.kind === "Kustomization") {
      for (const r of object.resources ?? []) {
        if (!readdirSync(dir).includes(r)) problems.push(`${file}: lists ${r}, which does not exist`);
      }
      continue;
    }
    const where = `${file}: ${object.kind}/${object.metadata?.name}`;
    const model = modelOf(object.apiVersion, object.kind);
    if (model == null) {
      problems.push(`${where}: no schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new model(object).validate();
    } catch (e) {
      problems.push(`${where}: ${e.message}${e.errors ? " " + JSON.stringify(e.errors) : ""}`);
      continue;
    }
    objects.push({ file, object });
    console.log(`valid   ${where}`);
  }
}

function modelOf(apiVersion, kind) {
  const path = apiVersion.includes("/") ? apiVersion : `v1`; // core group: "v1"
  try {
    const module = require(`kubernetes-models/${path}/${kind}`);
    return module[kind] ?? module.default;
  } catch {
    return null;
  }
}

// What a schema cannot see.
const find = (kind, name) => objects.find((o) => o.object.kind === kind && o.object.metadata.name === name)?.object;
const deployment = find("Deployment", "recallgate");
const rules = find("ConfigMap", "recallgate-rules");
if (deployment == null || rules == null) {
  problems.push("the Deployment recallgate and the ConfigMap recallgate-rules must both be there");
} else {
  const pod = deployment.spec.template.spec;
  const container = pod.containers.find((c) => c.name === "recallgate");
  const keys = [...Object.keys(rules.data ?? {}), ...Object.keys(rules.binaryData ?? {})].sort();
  const volume = pod.volumes.find((v) => v.name === "rules");
  const items = (volume?.configMap?.items ?? []).map((i) => i.key).sort();
  if (volume?.configMap?.name !== "recallgate-rules") problems.push("the rules volume must be the ConfigMap recallgate-rules");
  if (JSON.stringify(keys) !== JSON.stringify(items)) {
    problems.push(`the rules ConfigMap's keys and the Deployment's items differ (run rules-configmap.sh): ${keys} vs ${items}`);
  }
  for (const i of volume?.configMap?.items ?? []) {
    if (i.key !== i.path.replaceAll("/", "__")) problems.push(`rules item ${i.key} -> ${i.path}: not the key's path`);
  }
  const probe = (p) => p?.httpGet?.path;
  if (probe(container.livenessProbe) !== "/health/live") problems.push("livenessProbe must call /health/live");
  if (probe(container.readinessProbe) !== "/health/ready") problems.push("readinessProbe must call /health/ready");
  const preStop = Number(container.lifecycle?.preStop?.exec?.command?.[1] ?? 0);
  const drain = 10; // RecallGate waits at most 10 s for requests in flight
  if ((pod.terminationGracePeriodSeconds ?? 30) < preStop + drain + 5) {
    problems.push(`terminationGracePeriodSeconds must cover preStop (${preStop} s) + drain (${drain} s) + closing`);
  }
  if (pod.securityContext?.runAsNonRoot !== true) problems.push("the pod must run as non-root");
  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
  for (const secret of ["RECALLGATE_DATABASE_URL", "RECALLGATE_DIGEST_KEY"]) {
    if (env[secret] !== undefined) problems.push(`${secret} in the environment: use ${secret}_FILE and a Secret`);
  }
  const selector = deployment.spec.selector.matchLabels;
  for (const other of objects.filter((o) => ["Service", "PodDisruptionBudget"].includes(o.object.kind))) {
    const s = other.object.spec.selector.matchLabels ?? other.object.spec.selector;
    if (JSON.stringify(s) !== JSON.stringify(selector)) problems.push(`${other.file}: selects ${JSON.stringify(s)}, not the Deployment's pods`);
  }
}

// The shipped ConfigMap is the shipped policy: in the repository (no DIR given) it must be rules/
// exactly, or a cluster would run another policy than the one the tests checked (an operator's
// own folder, checked with DIR, differs on purpose).
if (rules != null && process.argv[2] === undefined) {
  const repoRules = join(dir, "..", "..", "rules");
  const shipped = new Set();
  const walk = (rel) => {
    for (const e of readdirSync(join(repoRules, rel), { withFileTypes: true })) {
      const path = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path);
      else shipped.add(path);
    }
  };
  walk("");
  for (const [key, text] of Object.entries(rules.data ?? {})) {
    const path = key.replaceAll("__", "/");
    let onDisk = null;
    try {
      onDisk = readFileSync(join(repoRules, path), "utf8");
    } catch {
      // gone from rules/
    }
    if (onDisk === null) problems.push(`rules-configmap.yaml: ${key} is not in rules/ (run rules-configmap.sh)`);
    else if (onDisk !== text) problems.push(`rules-configmap.yaml: ${key} differs from rules/ (run rules-configmap.sh)`);
    shipped.delete(path);
  }
  for (const path of shipped) problems.push(`rules-configmap.yaml: rules/${path} is missing (run rules-configmap.sh)`);
}

if (problems.length > 0) {
  for (const p of problems) console.error(`INVALID ${p}`);
  process.exit(1);
}
console.log(`${objects.length} objects valid`);
