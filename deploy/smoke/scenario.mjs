// The smoke scenario of deploy/prove-topology.sh, through the reverse proxy in front of several API instances.
// Node.js 20, no packages. Every check that fails throws, and the process exits 1 with the reason.
//
// Environment (set by the script):
//   SMOKE_PROXY      base URL of the proxy (nginx adds X-ClinicOps-Upstream: the instance(s) it tried)
//   SMOKE_INSTANCES  JSON [{ name, url, upstream: "127.0.0.1:port", pid }] of the API processes behind it
//   SMOKE_TOKEN      a FrontDesk token for SMOKE_SITE_ID
//   SMOKE_ADMIN_TOKEN a ClinicAdmin token (creates sites)
//   SMOKE_SITE_ADMIN_TOKEN  a ClinicAdmin token for SMOKE_SITE_ID (opening hours, chairs, reminder settings, webhooks)
//   SMOKE_CLINICIAN_TOKEN   a Clinician token for SMOKE_SITE_ID (starts courses)
//   SMOKE_JOBS_POLL_SECONDS the instances' Jobs__PollSeconds (how often the reminder and webhook jobs run)
//   SMOKE_SITE_ID    the site the scenario registers patients at
//   SMOKE_KILL       name of the instance to SIGKILL mid-run
//   SMOKE_PSQL       psql command line for the database (for checks that read it directly, e.g. the reminders hook)
//
// Phases:
//   1. writes made on one instance are read on the others (through the proxy, and on every instance directly);
//   2. concurrent clients write and read while one instance is SIGKILLed: no request fails except those in flight on
//      the killed instance; each of those is retried with its Idempotency-Key and is stored at most once. So that
//      some requests are surely in flight on it, a few writes are held inside PostgreSQL (a table lock) while it dies;
//   3. reminders fire exactly once across the clustered schedulers of the survivors, delivered to a webhook receiver of
//      this process (see remindersFireExactlyOnce below).
import { execFileSync, spawn } from "node:child_process";
import { connect } from "node:net";
import { createHmac, randomUUID } from "node:crypto";
import { createServer } from "node:http";

const proxy = required("SMOKE_PROXY");
const instances = JSON.parse(required("SMOKE_INSTANCES"));
const token = required("SMOKE_TOKEN");
const adminToken = required("SMOKE_ADMIN_TOKEN");
const siteId = required("SMOKE_SITE_ID");
const victim = instances.find((i) => i.name === required("SMOKE_KILL")) ?? fail("SMOKE_KILL names no instance");
const psql = required("SMOKE_PSQL");
const siteAdminToken = required("SMOKE_SITE_ADMIN_TOKEN");
const clinicianToken = required("SMOKE_CLINICIAN_TOKEN");
const pollSeconds = Number(required("SMOKE_JOBS_POLL_SECONDS"));

const WORKERS = 6;
const ITERATIONS_PER_WORKER = 20;
const KILL_AFTER_REQUESTS = 60;
const HELD_WRITES = 6; // round robin over 3 instances: 2 of them on each, before any other request

function required(name) {
  const value = process.env[name];
  if (!value) fail(`${name} is not set`);
  return value;
}

function fail(message) {
  throw new Error(message);
}

function log(message) {
  console.log(`[smoke] ${message}`);
}

/** A unique, letters-only family name, so a name search finds exactly the patients of one request. */
function uniqueFamilyName() {
  const letters = randomUUID().replace(/-/g, "").replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)]);
  return `Smoke${letters.slice(0, 16)}`;
}

function patientBody(familyName) {
  return {
    siteId,
    givenName: "Topology",
    familyName,
    dateOfBirth: "1980-05-04",
    sex: "Female",
    phone: "+15550001111",
    preferredContactChannel: "Sms",
  };
}

/** One HTTP call; never throws for HTTP statuses. `upstreams` lists the instances nginx tried, the last one answered. */
async function call(base, method, path, { body, idempotencyKey, ifMatch, bearer = token } = {}) {
  const headers = { Authorization: `Bearer ${bearer}`, Accept: "application/json" };
  if (body) headers["Content-Type"] = "application/json";
  if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
  if (ifMatch) headers["If-Match"] = ifMatch;
  const startedAt = performance.now();
  try {
    const response = await fetch(base + path, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
      signal: AbortSignal.timeout(60_000),
    });
    const text = await response.text();
    const upstreams = (response.headers.get("x-clinicops-upstream") ?? "").split(",").map((u) => u.trim()).filter(Boolean);
    const etag = response.headers.get("etag");
    return { method, path, status: response.status, text, upstreams, etag, startedAt, endedAt: performance.now() };
  } catch (error) {
    return { method, path, status: 0, text: String(error?.cause ?? error), upstreams: [], startedAt, endedAt: performance.now() };
  }
}

function json(result) {
  try {
    return JSON.parse(result.text);
  } catch {
    fail(`${result.method} ${result.path} answered ${result.status} with a body that is not JSON: ${result.text.slice(0, 200)}`);
  }
}

function answeredBy(result) {
  return result.upstreams.at(-1);
}

function sql(query) {
  return execFileSync("sh", ["-c", `${psql} -tAc '${query.replace(/'/g, "'\\''")}'`]).toString().trim();
}

/**
 * Holds every insert into "Sites" in a transaction of its own (SHARE lock: reads and the patients' foreign-key checks
 * go on) until release() commits it.
 */
async function holdSiteInserts() {
  const session = spawn("sh", ["-c", `${psql} -q -v ON_ERROR_STOP=1`], { stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise((resolve) => session.once("exit", resolve));
  await new Promise((resolve, reject) => {
    session.stdout.on("data", (chunk) => { if (chunk.toString().includes("locked")) resolve(); });
    session.once("exit", (code) => reject(new Error(`psql exited with ${code} before taking the lock`)));
    session.stdin.write('BEGIN;\nLOCK TABLE "Sites" IN SHARE MODE;\n\\echo locked\n');
  });
  return {
    async release() {
      session.stdin.end("COMMIT;\n");
      const code = await exited;
      if (code !== 0) fail(`the psql session holding the lock exited with ${code}`);
    },
  };
}

async function waitUntilSiteInsertsWait(count) {
  for (let attempt = 0; attempt < 600; attempt++) {
    const waiting = Number(sql(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO "Sites"%'`));
    if (waiting >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  fail(`fewer than ${count} held site writes reached the database within 30 s`);
}

async function patientsNamed(familyName) {
  const result = await call(proxy, "GET", `/api/v1/patients?name=${familyName}&siteId=${siteId}`);
  if (result.status !== 200) fail(`searching ${familyName} answered ${result.status}: ${result.text}`);
  return json(result).totalCount;
}

// --- 1. writes on one instance, reads on another ------------------------------------------------------------------
async function writesAreReadOnOtherInstances() {
  let crossInstance = 0;
  const pairs = 9;
  for (let i = 0; i < pairs; i++) {
    const familyName = uniqueFamilyName();
    const write = await call(proxy, "POST", "/api/v1/patients", { body: patientBody(familyName), idempotencyKey: randomUUID() });
    if (write.status !== 201) fail(`register patient answered ${write.status}: ${write.text}`);
    const { id } = json(write);
    const read = await call(proxy, "GET", `/api/v1/patients/${id}`);
    if (read.status !== 200 || json(read).familyName !== familyName) fail(`reading patient ${id} answered ${read.status}: ${read.text}`);
    if (answeredBy(write) !== answeredBy(read)) crossInstance++;

    // And on every instance directly, bypassing the proxy: nothing the others need lives in one instance's memory.
    for (const instance of instances) {
      const direct = await call(instance.url, "GET", `/api/v1/patients/${id}`);
      if (direct.status !== 200) fail(`${instance.name} cannot read patient ${id} written on ${answeredBy(write)}: ${direct.status}`);
    }
  }

  if (crossInstance < pairs / 2) fail(`only ${crossInstance} of ${pairs} reads went to another instance than the write: is the proxy balancing?`);
  log(`cross-instance reads: ${crossInstance}/${pairs} reads through the proxy answered by another instance than the write; every write read on all ${instances.length} instances directly`);
}

/** Resolves once nothing accepts connections on the instance's port any more (bounded). */
async function goneFromItsPort(instance) {
  const [host, port] = instance.upstream.split(":");
  for (let attempt = 0; attempt < 600; attempt++) {
    const refused = await new Promise((resolve) => {
      const socket = connect({ host, port: Number(port) });
      socket.once("connect", () => { socket.destroy(); resolve(false); });
      socket.once("error", () => resolve(true));
    });
    if (refused) return performance.now();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }

  fail(`${instance.name} still accepts connections 6 s after SIGKILL`);
}

// --- 2. one instance killed mid-run ------------------------------------------------------------------------------
// SIGKILL is not instant: until the kernel has torn the process down, its listening socket still accepts connections
// (nginx then sees them reset). "In flight on it" therefore means: sent to the victim before it stopped accepting
// connections (goneAt). Anything sent later must succeed, and nothing sent to another instance may fail.
async function anInstanceKilledMidRunFailsOnlyItsRequestsInFlight() {
  const results = [];
  let sent = 0;
  let killedAt = null;
  let gone = null;

  // Writes held in the database on every instance, the victim included, before the load starts.
  const lock = await holdSiteInserts();
  const held = Array.from({ length: HELD_WRITES }, (_, i) => {
    const code = `HELD-${i}-${randomUUID().slice(0, 8).toUpperCase()}`;
    const key = randomUUID();
    const body = { code, name: "Held while an instance dies", timeZoneId: "America/Chicago" };
    return call(proxy, "POST", "/api/v1/sites", { body, idempotencyKey: key, bearer: adminToken })
      .then((r) => ({ ...r, retry: { path: "/api/v1/sites", body, key, bearer: adminToken }, stored: async () => Number(sql(`SELECT count(*) FROM "Sites" WHERE "Code" = '${code}'`)) }));
  });
  await waitUntilSiteInsertsWait(HELD_WRITES);

  const killWhenDue = () => {
    if (killedAt === null && sent >= KILL_AFTER_REQUESTS) {
      killedAt = performance.now();
      process.kill(victim.pid, "SIGKILL");
      gone = goneFromItsPort(victim).then(async (at) => { await lock.release(); return at; });
      log(`killed ${victim.name} (pid ${victim.pid}, SIGKILL) after ${sent} requests, with ${HELD_WRITES} writes held in the database`);
    }
  };

  const worker = async () => {
    for (let i = 0; i < ITERATIONS_PER_WORKER; i++) {
      const familyName = uniqueFamilyName();
      const key = randomUUID();
      sent++;
      killWhenDue();
      const body = patientBody(familyName);
      const write = await call(proxy, "POST", "/api/v1/patients", { body, idempotencyKey: key });
      results.push({ ...write, retry: { path: "/api/v1/patients", body, key }, stored: () => patientsNamed(familyName) });
      if (write.status !== 201) continue;
      sent++;
      killWhenDue();
      results.push(await call(proxy, "GET", `/api/v1/patients/${json(write).id}`));
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  if (killedAt === null) fail("the scenario ended before the instance was killed");
  const goneAt = await gone;
  const heldResults = await Promise.all(held);
  results.push(...heldResults);
  const heldOnVictim = heldResults.filter((r) => answeredBy(r) === victim.upstream);
  if (heldOnVictim.length === 0) fail(`no held write went to ${victim.name}: is the proxy balancing round robin?`);
  if (heldOnVictim.some((r) => r.status !== 502)) fail(`a write in flight on ${victim.name} when it died did not fail with 502`);
  if (heldResults.some((r) => answeredBy(r) !== victim.upstream && r.status !== 201)) fail("a held write on a surviving instance failed");

  const ok = results.filter((r) => r.status === 200 || r.status === 201);
  const failed = results.filter((r) => r.status !== 200 && r.status !== 201);
  for (const r of failed) {
    const inFlightOnVictim = answeredBy(r) === victim.upstream && r.startedAt <= goneAt && r.endedAt >= killedAt;
    if (!inFlightOnVictim) {
      fail(`${r.method} ${r.path} failed with ${r.status} but was not in flight on ${victim.name} when it was killed `
        + `(upstreams ${r.upstreams.join(" -> ") || "none"}): ${r.text.slice(0, 300)}`);
    }
  }

  const afterKill = results.filter((r) => r.startedAt > goneAt);
  const servedAfterKill = new Set(afterKill.map(answeredBy));
  if (servedAfterKill.has(victim.upstream)) fail(`${victim.name} answered after it was gone`);
  if (afterKill.length === 0) fail("no request was made after the killed instance was gone");

  // The client retries each failed write with the same Idempotency-Key. The killed instance may have stored the
  // record (then the retry replays 201) or not (then it is stored now); a claim the killed instance left is
  // refused as in flight (409 idempotency.in-flight) until it expires, never run twice. Either way: at most one.
  let replayed = 0;
  let heldByDeadClaim = 0;
  for (const r of failed) {
    const retry = await call(proxy, "POST", r.retry.path, { body: r.retry.body, idempotencyKey: r.retry.key, bearer: r.retry.bearer });
    if (retry.status === 201) {
      replayed++;
    } else if (retry.status === 409 && json(retry).code === "idempotency.in-flight") {
      heldByDeadClaim++;
    } else {
      fail(`retrying a write that failed in flight answered ${retry.status}: ${retry.text}`);
    }

    const stored = await r.stored();
    if (stored > 1) fail(`a retried write was stored ${stored} times`);
  }

  for (const r of ok.filter((x) => x.method === "POST").slice(0, 12)) {
    const stored = await r.stored();
    if (stored !== 1) fail(`a write answered 201 is stored ${stored} times`);
  }

  log(`kill mid-run: ${results.length} requests by ${WORKERS} clients and ${HELD_WRITES} held writes, ${ok.length} succeeded, `
    + `${failed.length} failed (${heldOnVictim.length} of them held on ${victim.name}), `
    + `all in flight on ${victim.name} when it was killed; ${afterKill.length} requests after it was gone `
    + `(${Math.round(goneAt - killedAt)} ms after the signal), all answered by `
    + `${[...servedAfterKill].join(", ")}`);
  log(`retries of the failed writes with their Idempotency-Key: ${replayed} answered 201, ${heldByDeadClaim} refused as in `
    + `flight (the dead instance's claim); none stored twice`);
}

// --- 3. reminders fire exactly once -------------------------------------------------------------------------------
// Reminders are published by ReminderJob and delivered by WebhookJob, Quartz jobs clustered on PostgreSQL across the
// instances (ADR 0012); the survivors of phase 2 run them, one of them possibly recovering a firing the killed
// instance held. Set up through the proxy with the API only: the site's opening hours, a chair, reminder offsets
// longer than the lead time of a booking (so its reminders are due at once: the "at-booking" appointment reminder and
// the PHQ-9 self-report), a webhook subscription to a receiver of this process, and IV-ketamine sessions booked a few
// days ahead. Then: every reminder reaches the receiver exactly once (by webhook-id and by reminder id), signed, and
// after a few more scheduler cycles nothing more arrives; the API reports each reminder Sent as that event and each
// delivery Delivered after one attempt.
const IV_KETAMINE_PROTOCOL = "9a000000-0000-4000-8000-000000000003";
const REMINDER_SESSIONS = 2;
const REMINDERS_PER_SESSION = 2; // the appointment reminder (its offset has passed: "at-booking") and the PHQ-9 self-report

/** A webhook receiver on 127.0.0.1 that records every POST and answers 204. */
async function startWebhookReceiver() {
  const received = [];
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        path: request.url,
        id: request.headers["webhook-id"] ?? "",
        timestamp: request.headers["webhook-timestamp"] ?? "",
        signature: request.headers["webhook-signature"] ?? "",
        body: Buffer.concat(chunks).toString("utf8"),
      });
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hooks/topology`, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Standard Webhooks: one of the space-separated `v1,<base64 HMAC-SHA256 of id.timestamp.body>` keyed with the secret. */
function signedWith(secret, post) {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  const expected = createHmac("sha256", key).update(`${post.id}.${post.timestamp}.${post.body}`).digest("base64");
  return post.signature.split(" ").some((s) => s === `v1,${expected}`);
}

function groupBy(items, keyOf) { // Map.groupBy is not in Node.js 20
  const groups = new Map();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

function expectStatus(result, status, what) {
  if (result.status !== status) fail(`${what}: ${result.method} ${result.path} answered ${result.status}: ${result.text.slice(0, 300)}`);
  return json(result);
}

/** A date (yyyy-MM-dd) in a time zone, some days from now. */
function localDate(timeZone, daysFromNow) {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  const [y, m, d] = today.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + daysFromNow)).toISOString().slice(0, 10);
}

function ivKetamineScreening(screenedOn) {
  const trial = (drugName, drugClass) => ({ drugName, drugClass, adequateDose: true, durationWeeks: 8, takenAsPrescribed: true, improvementPercent: 10 });
  return {
    screenedOn,
    intendedTreatment: "IvKetamine",
    indication: "ClinicProtocol",
    takingOralAntidepressant: true,
    diagnosis: "MajorDepressiveDisorder",
    episodeDurationWeeks: 60,
    antidepressantTrials: [trial("sertraline", "Ssri"), trial("venlafaxine", "Snri")],
    psychotherapyTried: true,
    conditions: {
      aneurysmalVascularDiseaseOrAvm: false, intracerebralHemorrhageHistory: false, hypersensitivityToKetamineOrEsketamine: false,
      psychosisOrSchizophrenia: false, uncontrolledHypertension: false, pregnancy: false, breastfeeding: false,
      activeSubstanceUseDisorder: false, pastSubstanceUseDisorder: false, dementiaOrCognitiveImpairment: false,
      seriousCardiovascularDisease: false,
    },
    medications: [],
    bloodPressure: { systolic: 128, diastolic: 82 },
    phq9: [2, 2, 2, 2, 2, 2, 2, 2, 0],
    cssrs: { wishToBeDead: false, nonSpecificActiveSuicidalThoughts: false, suicidalBehavior: false },
    transportation: "RideArranged",
  };
}

async function until(condition, seconds, what) {
  const deadline = performance.now() + seconds * 1000;
  while (!(await condition())) {
    if (performance.now() > deadline) fail(`${what} within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function remindersFireExactlyOnce() {
  const quartzTables = Number(sql("SELECT count(*) FROM information_schema.tables WHERE lower(table_name) LIKE 'qrtz_%'"));
  if (quartzTables === 0) fail("no Quartz tables (qrtz_*) in the database: is the scheduler running on the instances?");

  const admin = { bearer: siteAdminToken };
  const clinician = { bearer: clinicianToken };
  const receiver = await startWebhookReceiver();
  try {
    const site = expectStatus(await call(proxy, "GET", `/api/v1/sites/${siteId}`, admin), 200, "reading the site");
    const schedule = await call(proxy, "GET", `/api/v1/sites/${siteId}/schedule`, admin);
    expectStatus(schedule, 200, "reading the opening hours");
    const everyDay = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"].map((day) => ({ day, opens: "08:00", closes: "18:00" }));
    expectStatus(await call(proxy, "PUT", `/api/v1/sites/${siteId}/schedule`, { ...admin, ifMatch: schedule.etag, body: { openingHours: everyDay, closures: [] } }),
      200, "opening the site every day");
    const chair = expectStatus(await call(proxy, "POST", `/api/v1/sites/${siteId}/chairs`, { ...admin, idempotencyKey: randomUUID(), body: { name: "Chair R" } }),
      201, "adding a chair");

    // Offsets longer than the 3 days to the sessions: at booking, both reminders are due at once.
    const settings = await call(proxy, "GET", `/api/v1/sites/${siteId}/reminder-settings`, admin);
    const { siteId: _, ...offsets } = expectStatus(settings, 200, "reading the reminder settings");
    const newOffsets = { ...offsets, appointmentReminderHoursBefore: [336], phq9HoursBefore: 168 };
    expectStatus(await call(proxy, "PUT", `/api/v1/sites/${siteId}/reminder-settings`, { ...admin, ifMatch: settings.etag, body: newOffsets }),
      200, "setting the reminder offsets");

    const subscription = expectStatus(await call(proxy, "POST", `/api/v1/sites/${siteId}/webhook-subscriptions`,
      { ...admin, idempotencyKey: randomUUID(), body: { url: receiver.url, eventTypes: ["reminder.due"] } }), 201, "subscribing the receiver");

    const sessionDate = localDate(site.timeZoneId, 3);
    const patients = [];
    for (let n = 0; n < REMINDER_SESSIONS; n++) {
      const patient = expectStatus(await call(proxy, "POST", "/api/v1/patients", { body: patientBody(uniqueFamilyName()), idempotencyKey: randomUUID() }),
        201, "registering a patient").id;
      const screening = expectStatus(await call(proxy, "POST", `/api/v1/patients/${patient}/screenings`,
        { body: ivKetamineScreening(localDate(site.timeZoneId, -1)), idempotencyKey: randomUUID() }), 201, "screening");
      if (!screening.clearedForTreatment) fail(`the screening did not clear the patient: ${JSON.stringify(screening).slice(0, 300)}`);
      const course = expectStatus(await call(proxy, "POST", `/api/v1/patients/${patient}/courses`,
        { ...clinician, idempotencyKey: randomUUID(), body: { protocolId: IV_KETAMINE_PROTOCOL } }), 201, "starting a course").id;
      expectStatus(await call(proxy, "POST", `/api/v1/courses/${course}/sessions`,
        { idempotencyKey: randomUUID(), body: { sessions: [{ date: sessionDate, time: n === 0 ? "09:00" : "13:00", chairId: chair.id }] } }),
        201, "booking a session");
      patients.push(patient);
    }
    const bookedAt = performance.now();

    const remindersOf = async () => (await Promise.all(patients.map(async (patient) =>
      expectStatus(await call(proxy, "GET", `/api/v1/patients/${patient}/reminders?pageSize=100`), 200, "listing reminders").items))).flat();
    const reminders = await remindersOf();
    const expected = REMINDER_SESSIONS * REMINDERS_PER_SESSION;
    if (reminders.length !== expected) fail(`${expected} reminders expected for ${REMINDER_SESSIONS} sessions, found ${reminders.length}: ${JSON.stringify(reminders).slice(0, 500)}`);
    const reminderIds = new Set(reminders.map((r) => r.id));

    // Bounded: a firing the killed instance held is recovered once the cluster declares it dead (20 s without check-in).
    const reminderIdOf = (post) => { try { return JSON.parse(post.body).data?.reminderId; } catch { return undefined; } };
    await until(() => new Set(receiver.received.map(reminderIdOf).filter((id) => reminderIds.has(id))).size === expected, 75,
      `not every reminder reached the receiver (${receiver.received.length} POSTs)`);
    const deliveredAfter = (performance.now() - bookedAt) / 1000;
    const deliveries = async () => expectStatus(await call(proxy, "GET", `/api/v1/sites/${siteId}/webhook-deliveries?pageSize=100`, admin),
      200, "listing deliveries").items;
    await until(async () => (await deliveries()).filter((d) => d.status === "Delivered").length >= expected, 30,
      "the deliveries were not all stored as Delivered");

    // A few more scheduler cycles on the survivors: nothing is published or delivered again.
    await new Promise((resolve) => setTimeout(resolve, 3 * pollSeconds * 1000 + 1000));

    const posts = receiver.received;
    const byWebhookId = groupBy(posts, (p) => p.id);
    const byReminderId = groupBy(posts, reminderIdOf);
    if (posts.length !== expected) fail(`${expected} reminders, but the receiver got ${posts.length} POSTs: ${posts.map((p) => `${p.id} ${p.body.slice(0, 120)}`).join("; ")}`);
    if (byWebhookId.size !== expected) fail(`${posts.length} POSTs carry ${byWebhookId.size} distinct webhook-ids: a reminder was delivered twice`);
    if ([...byReminderId.keys()].some((id) => !reminderIds.has(id)) || byReminderId.size !== expected) fail("a POST is for no reminder booked here, or a reminder was delivered twice");
    if (!posts.every((p) => signedWith(subscription.secret, p))) fail("a delivery's webhook-signature does not verify with the subscription's secret");
    if (!posts.every((p) => JSON.parse(p.body).type === "reminder.due")) fail("a POST is not a reminder.due event");

    const sent = await remindersOf();
    for (const reminder of sent) {
      const post = byReminderId.get(reminder.id)?.[0];
      if (reminder.status !== "Sent" || reminder.attempts !== 1 || reminder.eventId !== post?.id) {
        fail(`reminder ${reminder.kind}/${reminder.label} is ${reminder.status} after ${reminder.attempts} attempt(s) as event ${reminder.eventId}, `
          + `delivered as webhook-id ${post?.id}`);
      }
    }
    const stored = (await deliveries()).filter((d) => d.subscriptionId === subscription.id);
    if (stored.length !== expected || stored.some((d) => d.status !== "Delivered" || d.attempts !== 1 || !byWebhookId.has(d.eventId))) {
      fail(`deliveries stored: ${JSON.stringify(stored.map((d) => ({ eventId: d.eventId, status: d.status, attempts: d.attempts })))}`);
    }

    const schedulers = Number(sql("SELECT count(DISTINCT instance_name) FROM qrtz_scheduler_state"));
    if (schedulers < instances.length - 1) fail(`only ${schedulers} Quartz scheduler(s) checked in: is the cluster running on every survivor?`);
    const kinds = [...new Set(sent.map((r) => `${r.kind}/${r.label}`))].sort().join(", ");
    log(`reminders: ${expected} reminders of ${REMINDER_SESSIONS} sessions (${kinds}) delivered exactly once each: ${posts.length} webhook POSTs, `
      + `${byWebhookId.size} distinct webhook-ids, signatures valid, each reminder Sent as its event after 1 attempt; by Quartz clustered on `
      + `PostgreSQL (${schedulers} schedulers checked in) after ${victim.name} was killed; last delivery ${deliveredAfter.toFixed(1)} s after booking, `
      + `nothing more after ${3 * pollSeconds + 1} s of further polling`);
  } finally {
    await receiver.close();
  }
}

try {
  await writesAreReadOnOtherInstances();
  await anInstanceKilledMidRunFailsOnlyItsRequestsInFlight();
  await remindersFireExactlyOnce();
  log("smoke scenario passed");
} catch (error) {
  console.error(`[smoke] FAILED: ${error.message}`);
  process.exit(1);
}
