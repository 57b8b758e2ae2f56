// Runs the add-in's event bundle the way classic Outlook on Windows does: a bare
// JavaScript context (node:vm) with no window, no document and no localStorage,
// where Office is an office-addin-mock object for Outlook compose.
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import vm from "node:vm";
import { OfficeMockObject } from "office-addin-mock";

export const UI = fileURLToPath(new URL("../../../ui/addin/", import.meta.url));
export const BUNDLE = readFileSync(UI + "launchevent.bundle.js", "utf8");
export const CASES = JSON.parse(readFileSync(fileURLToPath(new URL("../../data/addin_cases.json", import.meta.url)), "utf8"));

function versionAtMost(v, max) {
  const a = v.split(".").map(Number), b = max.split(".").map(Number);
  return a[0] < b[0] || (a[0] === b[0] && (a[1] || 0) <= (b[1] || 0));
}

// An Outlook compose item and mailbox. ``opts``: {item: {subject, to, cc, bcc, html},
// mailbox: "1.12" | "1.14", clientSignature: bool, roaming: {}, token, origin, fetch}.
export function outlook(opts = {}) {
  const state = {
    subject: "", to: [], cc: [], bcc: [], html: "", ...(opts.item || {}),
    signatureSet: null, notifications: [], bar: {}, session: {}, roaming: { ...(opts.roaming || {}) }, calls: [],
    clientSignature: !!opts.clientSignature,
  };
  const mailbox = opts.mailbox || "1.14";
  const ok = (value) => ({ status: "succeeded", value, error: null });
  const done = (args, value) => { const cb = args[args.length - 1]; setTimeout(() => cb(ok(value)), 0); };
  const field = (name) => ({
    getAsync: (...a) => { state.calls.push(`${name}.getAsync`); done(a, state[name]); },
    setAsync: (v, ...a) => { state.calls.push(`${name}.setAsync`); state[name] = v; done(a); },
  });
  const item = {
    subject: field("subject"), to: field("to"), cc: field("cc"), bcc: field("bcc"),
    body: {
      getAsync: (coercion, ...a) => { state.calls.push(`body.getAsync:${coercion}`); done(a, state.html); },
      setAsync: (v, o, ...a) => { state.calls.push("body.setAsync"); state.html = v; done(a); },
      setSignatureAsync: (v, o, ...a) => { state.calls.push("body.setSignatureAsync"); state.signatureSet = v; done(a); },
    },
    isClientSignatureEnabledAsync: (...a) => { state.calls.push("isClientSignatureEnabledAsync"); done(a, state.clientSignature); },
    disableClientSignatureAsync: (...a) => { state.calls.push("disableClientSignatureAsync"); state.clientSignature = false; done(a); },
    notificationMessages: {
      addAsync: (key, msg, ...a) => { state.notifications.push({ key, ...msg }); state.bar[key] = msg; done(a); },
      replaceAsync: (key, msg, ...a) => { state.bar[key] = msg; done(a); },
      removeAsync: (key, ...a) => { delete state.bar[key]; done(a); },
    },
    sessionData: {
      getAsync: (k, ...a) => done(a, state.session[k] === undefined ? "" : state.session[k]),
      setAsync: (k, v, ...a) => { state.session[k] = v; done(a); },
    },
  };
  const handlers = {};
  const data = {
    host: "outlook",
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Html: "html", Text: "text" },
    MailboxEnums: { SendModeOverride: { PromptUser: "promptUser" }, ItemNotificationMessageType: { InformationalMessage: "informationalMessage" } },
    context: {
      requirements: { isSetSupported: (name, v) => name === "Mailbox" && versionAtMost(v || "1.1", mailbox) },
      roamingSettings: {
        get: (k) => state.roaming[k],
        set: (k, v) => { state.roaming[k] = v; },
        saveAsync: (...a) => done(a),
      },
      mailbox: { item },
    },
    actions: { associate: (name, fn) => { handlers[name] = fn; } },
  };
  const Office = new OfficeMockObject(data);
  // Only what classic Outlook's JavaScript runtime offers: no window, document or localStorage.
  const storage = new Map(opts.token ? [["mail-assistant-token", opts.token]] : []);
  const sandbox = {
    Office,
    OfficeRuntime: { storage: { getItem: async (k) => storage.get(k) ?? null, setItem: async (k, v) => { storage.set(k, v); } } },
    fetch: opts.fetch || fetch,
    setTimeout, clearTimeout, console,
  };
  if (opts.origin) sandbox.MailAssistantConfig = { origin: opts.origin };
  const context = vm.createContext(sandbox);
  vm.runInContext(BUNDLE, context, { filename: "launchevent.bundle.js" });
  // The options cross back from the vm realm as plain data (what Outlook receives).
  const fire = (name) => new Promise((resolve) => {
    handlers[name]({ type: name, completed: (options) => resolve(options === undefined ? {} : JSON.parse(JSON.stringify(options))) });
  });
  return { state, context, fire, handlers, Office };
}

// A stand-in for the service's /api/check: answers with ``hints`` and records requests.
export async function service(hints) {
  const seen = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => { body += c; });
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: body ? JSON.parse(body) : null });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ hints: typeof hints === "function" ? hints(JSON.parse(body || "{}")) : hints }));
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { origin: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

// An origin where nothing listens (connection refused at once).
export async function deadOrigin() {
  const s = createServer();
  await new Promise((r) => s.listen(0, "127.0.0.1", r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  return `http://127.0.0.1:${port}`;
}

export function withNotice(text) {
  return text.split("{NOTICE}").join(vm.runInNewContext(BUNDLE + ";MailAssistantPolicy.notice.text", { setTimeout, clearTimeout }));
}
