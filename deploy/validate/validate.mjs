// Validates Kubernetes resources read as a JSON array on stdin ([{"source": "...", "resource": {...}}]) and prints one JSON
// result per resource: {"source", "kind", "errors": [...]}. Schemas: kubernetes-models (the Kubernetes OpenAPI), and its
// Strimzi and KEDA packages (those operators' CRD openAPIV3Schemas), compiled to ajv validators. Those schemas leave
// objects open, while the API server rejects unknown fields (strict field validation), so each object is also checked
// for keys that its schema never looked at: a misspelled field is reported, not silently pruned.
const PACKAGES = {
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io",
  "keda.sh": "@kubernetes-models/keda/keda.sh",
};
const CORE_GROUPS = new Set(["", "apps", "batch", "policy", "autoscaling", "networking.k8s.io", "rbac.authorization.k8s.io"]);

async function modelFor(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !/^[A-Za-z0-9]+$/.test(kind)) {
    throw new Error("apiVersion and kind must be strings");
  }
  const slash = apiVersion.lastIndexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  if (!/^v[0-9]+[a-z0-9]*$/.test(version)) {
    throw new Error(`no schema for ${apiVersion} ${kind}`);
  }
  let module;
  if (CORE_GROUPS.has(group)) {
    module = group === "" ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
  } else if (PACKAGES[group]) {
    module = `${PACKAGES[group]}/${version}/${kind}`;
  } else {
    throw new Error(`no schema for ${apiVersion} ${kind}`);
  }
  try {
    return (await import(module))[kind];
  } catch (e) {
    throw new Error(`no schema for ${apiVersion} ${kind}`);
  }
}

// Wraps every object in a proxy that records which keys the validator reads and whether it enumerated the object.
function track(value, path, records) {
  if (value === null || typeof value !== "object") {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((item, i) => track(item, `${path}/${i}`, records));
  }
  const record = { path, keys: Object.keys(value), read: new Set(), enumerated: false };
  records.push(record);
  const copy = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = track(item, `${path}/${key}`, records);
  }
  return new Proxy(copy, {
    get(target, key, receiver) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      if (typeof key === "string") record.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(records) {
  const unknown = [];
  for (const record of records) {
    // An object the schema never looked into is free-form (x-kubernetes-preserve-unknown-fields, e.g. Kafka's config);
    // one it enumerated has additionalProperties (labels, env maps) and takes any key.
    if (record.enumerated || record.read.size === 0) continue;
    for (const key of record.keys) {
      if (!record.read.has(key)) unknown.push(`${record.path || "/"}: unknown field "${key}"`);
    }
  }
  return unknown;
}

async function validate(resource) {
  if (resource === null || typeof resource !== "object" || Array.isArray(resource)) {
    return ["a resource must be a mapping"];
  }
  let Model;
  try {
    Model = await modelFor(resource.apiVersion, resource.kind);
  } catch (e) {
    return [e.message];
  }
  const records = [];
  const tracked = track(resource, "", records);
  const errors = [];
  try {
    Model.prototype.validate.call(tracked);
  } catch (e) {
    errors.push(...String(e.message).split("\n").filter((line) => line.trim() !== ""));
  }
  errors.push(...unknownFields(records));
  return errors;
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = [];
for (const { source, resource } of input) {
  results.push({ source, kind: resource && resource.kind, errors: await validate(resource) });
}
process.stdout.write(JSON.stringify(results) + "\n");
