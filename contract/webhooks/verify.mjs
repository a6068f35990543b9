// Verifies captured webhook deliveries with the reference Standard Webhooks library (npm "standardwebhooks").
// Input: a JSON file [{ "secret": "whsec_...", "headers": { "webhook-id": ..., ... }, "body": "..." }, ...].
// Prints one line per delivery, "ok <webhook-id>" or "FAIL <webhook-id> <reason>", and exits 1 if any failed.
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";

const deliveries = JSON.parse(readFileSync(process.argv[2], "utf8"));
let failed = 0;
for (const d of deliveries) {
  try {
    new Webhook(d.secret).verify(d.body, d.headers);
    console.log(`ok ${d.headers["webhook-id"]}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${d.headers["webhook-id"]} ${e.message}`);
  }
}
process.exit(failed ? 1 : 0);
