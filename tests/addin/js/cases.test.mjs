// The shared case table (tests/data/addin_cases.json) against the on-device checks,
// run inside the event bundle as classic Outlook runs it. tests/addin/test_cases.py
// runs the same table against the Python rules.
import assert from "node:assert/strict";
import { test } from "node:test";
import vm from "node:vm";
import { CASES, outlook, withNotice } from "./harness.mjs";

const { context } = outlook();
const policy = context.MailAssistantPolicy;

test("the policy data names exactly the table's codes", () => {
  assert.deepEqual([...policy.codes].sort(), [...CASES.codes].sort());
  assert.ok(CASES.cases.length >= 34);
});

for (const c of CASES.cases) {
  test(`case ${c.name}`, () => {
    const draft = JSON.parse(withNotice(JSON.stringify(c.draft)));
    // vm's timeout stops a runaway synchronous loop (a hang is a failure, not a stuck suite).
    context.__draft = draft;
    const hints = vm.runInContext("MailAssistantChecks.check(__draft, MailAssistantPolicy)", context, { timeout: 2000 });
    const codes = [...new Set(hints.map((h) => h.code))].sort();
    assert.deepEqual(codes, [...c.expect].sort());
    for (const h of hints) assert.ok(h.message.length > 10 && ["error", "warning"].includes(h.severity));
  });
}
