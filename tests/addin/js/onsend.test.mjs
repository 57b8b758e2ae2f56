// The on-send and new-compose handlers in a bare JavaScript context (classic
// Outlook's runtime): service down/up x notice missing/present x Mailbox
// 1.12/1.14 x Outlook's own signature on/off.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { deadOrigin, outlook, service, withNotice } from "./harness.mjs";

const SIGNED = "<p>Hello families,</p><p>The science museum field trip is on Friday.</p><p>&nbsp;</p>" +
  "<p>Maria Delgado<br>5th Grade Teacher, Oak Hollow Elementary<br>Phone: (925) 555-0114</p>";
const NOTICE = withNotice("<p>&nbsp;</p><p>{NOTICE}</p>");
const TO = [{ emailAddress: "jordan.chen@example.net", displayName: "Jordan Chen" }];
const SIGNATURE = { name: "Sam Ortiz", title: "Principal", school: "Cedar Park Middle", phone: "925-555-0199" };
// What the full check on the service adds beyond the on-device ones (a rule only it runs).
const SERVICE_ONLY = { code: "EM902", severity: "warning", message: "This looks like a chain letter: do not forward it." };
const EM501 = { code: "EM501", severity: "error", message: "Add the District confidentiality notice beneath your signature." };

let up, down;
before(async () => {
  // The service's answer follows the draft: EM501 when the notice is missing, and always its own EM902.
  up = await service((req) => (req.draft.html.includes("CONFIDENTIALITY NOTICE") ? [SERVICE_ONLY] : [EM501, SERVICE_ONLY]));
  down = await deadOrigin();
});
after(() => up.close());

for (const serviceUp of [false, true]) {
  for (const notice of [false, true]) {
    for (const mailbox of ["1.12", "1.14"]) {
      for (const clientSignature of [false, true]) {
        const name = `service ${serviceUp ? "up" : "down"}, notice ${notice ? "present" : "missing"}, Mailbox ${mailbox}, client signature ${clientSignature ? "on" : "off"}`;
        describe(name, () => {
          const env = () => outlook({
            item: { subject: "Science museum field trip on Friday", to: TO, html: SIGNED + (notice ? NOTICE : "") },
            mailbox, clientSignature, origin: serviceUp ? up.origin : down, roaming: { signature: SIGNATURE },
          });

          test("on send: never passes silently, blocks errors, offers Send anyway only on 1.14", async () => {
            const o = env();
            const before = up.seen.length;
            const r = await o.fire("onMessageSendHandler");
            assert.equal(up.seen.length - before, serviceUp ? 1 : 0);
            if (serviceUp) assert.equal(up.seen.at(-1).body.severity, "warning"); // advice never decides a send
            assert.equal(r.allowEvent, false); // either EM501, the service's EM902, or the degraded notice
            assert.ok(r.errorMessage.length <= 500);
            assert.equal(r.errorMessage.includes("could not run"), !serviceUp);
            assert.equal(r.errorMessage.includes("EM501"), !notice);
            assert.equal(r.errorMessage.includes("EM902"), serviceUp && notice);
            if (!notice) {
              // An error: no override, and the custom "Fix it" button only where 1.14 has it.
              assert.equal("sendModeOverride" in r, false);
              assert.equal(r.cancelLabel, mailbox === "1.14" ? "Fix it" : undefined);
              assert.equal(r.commandId, mailbox === "1.14" ? "msgComposeOpenPaneButton" : undefined);
              const again = await o.fire("onMessageSendHandler");
              assert.equal(again.allowEvent, false); // errors stay blocked however often Send is pressed
            } else if (mailbox === "1.14") {
              assert.equal(r.sendModeOverride, "promptUser");
              assert.equal(r.errorMessage.includes("Send again"), false);
            } else {
              // 1.12: no Send anyway; the same draft sent again goes.
              assert.equal("sendModeOverride" in r, false);
              assert.ok(r.errorMessage.includes("Send again"));
              assert.deepEqual(await o.fire("onMessageSendHandler"), { allowEvent: true });
              o.state.subject = "Science museum field trip on Friday, room 14"; // changed: alerted again
              assert.equal((await o.fire("onMessageSendHandler")).allowEvent, false);
            }
            // The JavaScript runtime has none of these, and the handler did not need them.
            assert.equal(o.context.window, undefined);
            assert.equal(o.context.document, undefined);
            assert.equal(o.context.localStorage, undefined);
          });

          test("new message: the roaming signature, unless Outlook adds its own", async () => {
            const o = env();
            assert.deepEqual(await o.fire("onNewMessageComposeHandler"), {});
            if (clientSignature) {
              assert.equal(o.state.signatureSet, null);
              assert.equal(o.state.calls.includes("disableClientSignatureAsync"), false); // only the author turns it off
              assert.match(o.state.notifications[0].message, /your own signature/);
            } else {
              assert.match(o.state.signatureSet, /data-mail-assistant="signature"/);
              assert.ok(o.state.signatureSet.includes("Sam Ortiz") && o.state.signatureSet.includes("tel:9255550199"));
              assert.deepEqual(o.state.notifications, []);
            }
          });
        });
      }
    }
  }
}

test("a clean draft with the service up is sent without an alert", async () => {
  const clean = await service([]);
  try {
    const o = outlook({ item: { subject: "Field trip", to: TO, html: SIGNED + NOTICE }, origin: clean.origin });
    assert.deepEqual(await o.fire("onMessageSendHandler"), { allowEvent: true });
    assert.equal(clean.seen[0].headers.authorization, undefined); // hosted mode: no token
    assert.equal(clean.seen[0].body.draft.to[0].address, "jordan.chen@example.net");
  } finally {
    await clean.close();
  }
});

test("a clean draft with the service down still says the full check did not run", async () => {
  const o = outlook({ item: { subject: "Science museum field trip", to: TO, html: SIGNED + NOTICE }, origin: await deadOrigin() });
  const r = await o.fire("onMessageSendHandler");
  assert.equal(r.allowEvent, false);
  assert.equal(r.sendModeOverride, "promptUser");
  assert.match(r.errorMessage, /could not run.*found nothing to fix/);
});

test("local mode without a pasted token: local checks, no request", async () => {
  const calls = [];
  const o = outlook({ item: { subject: "Trip", to: TO, html: SIGNED }, fetch: (...a) => { calls.push(a); return Promise.reject(new Error("x")); } });
  assert.equal(o.context.MailAssistantAddin.serviceOrigin(), "https://localhost:8431");
  const r = await o.fire("onMessageSendHandler");
  assert.equal(calls.length, 0);
  assert.equal(r.allowEvent, false);
  assert.match(r.errorMessage, /could not run.*EM501/);
});

test("local mode sends the token from OfficeRuntime.storage", async () => {
  const calls = [];
  const fake = (url, opts) => { calls.push({ url, opts }); return Promise.resolve({ ok: true, json: async () => ({ hints: [] }) }); };
  const o = outlook({ item: { subject: "Trip", to: TO, html: SIGNED + NOTICE }, token: "t0ken", fetch: fake });
  assert.deepEqual(await o.fire("onMessageSendHandler"), { allowEvent: true });
  assert.equal(calls[0].url, "https://localhost:8431/api/check");
  assert.equal(calls[0].opts.headers.Authorization, "Bearer t0ken");
});

test("the origin the task pane remembered in roamingSettings is used by the JS-only runtime", async () => {
  const o = outlook({ roaming: { serviceOrigin: "https://mail-assistant.mdusd.org" } });
  assert.equal(o.context.MailAssistantAddin.serviceOrigin(), "https://mail-assistant.mdusd.org");
  assert.equal(o.context.MailAssistantAddin.isLocal("https://mail-assistant.mdusd.org"), false);
  const bad = outlook({ roaming: { serviceOrigin: "javascript:alert(1)" } });
  assert.equal(bad.context.MailAssistantAddin.serviceOrigin(), "https://localhost:8431");
});

test("a service that hangs is given up on and the device decides", async () => {
  const o = outlook({ item: { subject: "Trip", to: TO, html: SIGNED }, origin: "https://hang.invalid",
    fetch: () => new Promise(() => {}) });
  const t0 = Date.now();
  const r = await o.fire("onMessageSendHandler");
  assert.ok(Date.now() - t0 < 6000);
  assert.match(r.errorMessage, /could not run.*EM501/);
});

test("records going outside the District are blocked on the device", async () => {
  const o = outlook({ item: { subject: "Attendance", to: TO,
    html: "<p>Hi Jordan,</p><p>Maria Lopez has 14 unexcused absences and is failing Algebra.</p><p>&nbsp;</p>" +
      "<p>Maria Delgado<br>Phone: (925) 555-0114</p>" + NOTICE }, origin: await deadOrigin() });
  const r = await o.fire("onMessageSendHandler");
  assert.equal(r.allowEvent, false);
  assert.match(r.errorMessage, /CF101/);
  assert.equal("sendModeOverride" in r, false);
});

test("an unreadable message is reported, not sent", async () => {
  const o = outlook({ item: { subject: "Trip", to: TO, html: SIGNED } });
  o.Office.context.mailbox.item.body.getAsync = (c, cb) => setTimeout(() => cb({ status: "failed", error: { message: "busy" } }), 0);
  const r = await o.fire("onMessageSendHandler");
  assert.equal(r.allowEvent, false);
  assert.match(r.errorMessage, /could not read this message.*busy/);
});

test("recipient changes show and clear a notification bar hint", async () => {
  const many = Array.from({ length: 12 }, (_, i) => ({ emailAddress: `parent${i}@example.net`, displayName: `Parent ${i}` }));
  const o = outlook({ item: { subject: "Trip", to: many, html: SIGNED + NOTICE } });
  assert.deepEqual(await o.fire("onMessageRecipientsChangedHandler"), {});
  const bar = o.state.bar["mail-assistant-recipients"];
  assert.match(bar.message, /^EM401: 12 recipients/);
  assert.ok(bar.message.length <= 150 && bar.type === "informationalMessage");
  o.state.bcc = many;
  o.state.to = TO;
  await o.fire("onMessageRecipientsChangedHandler");
  assert.equal(o.state.bar["mail-assistant-recipients"], undefined);
});
