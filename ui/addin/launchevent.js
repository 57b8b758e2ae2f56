// Outlook event handlers: OnMessageSend (Smart Alerts) and OnNewMessageCompose.
//
// Plain ES5 script: classic Outlook on Windows runs the handlers in a
// JavaScript-only runtime (no window, no document, no localStorage, no ES
// modules) from launchevent.bundle.js, which is policy.generated.js +
// checks.js + this file; the other Outlooks load the same bundle in a page.
//
// On send the draft goes to the Mail Assistant service for the full check. When
// the service cannot be reached the on-device checks (checks.js) decide, and the
// Smart Alert says the full check could not run: a draft is never passed silently.
/* global Office, OfficeRuntime, MailAssistantChecks, MailAssistantPolicy, MailAssistantConfig */
(function (root) {
  "use strict";
  var LOCAL_ORIGIN = "https://localhost:8431";
  var TOKEN_KEY = "mail-assistant-token";
  var SIGNATURE_KEY = "signature"; // roamingSettings: the user's signature fields
  var ORIGIN_KEY = "serviceOrigin"; // roamingSettings: where the task pane was loaded from
  var CONFIRM_KEY = "mail-assistant-confirm"; // item.sessionData: the draft last alerted about
  var MAX_MESSAGE = 500; // Smart Alerts shows at most this many characters
  var SERVICE_TIMEOUT_MS = 4000; // then decide on the device
  var DEGRADED = "The full BP 1114 check could not run (the Mail Assistant service did not answer); only the checks on this computer ran.";
  var FIELDS = ["name", "title", "school", "phone", "email", "pronouns", "website"];
  var alerted = {}; // draft keys alerted about in this runtime (when sessionData is missing)

  function roaming() {
    try {
      return Office.context.roamingSettings || null;
    } catch (e) {
      return null;
    }
  }

  // The service: this page's own origin when there is a page (task pane, the HTML
  // runtime); else an origin the server wrote into MailAssistantConfig; else the one
  // the task pane remembered in roamingSettings; else the local companion.
  function serviceOrigin() {
    if (typeof location !== "undefined" && location && /^https:\/\/[^/]+$/.test(location.origin || "")) return location.origin;
    if (typeof MailAssistantConfig !== "undefined" && MailAssistantConfig && MailAssistantConfig.origin) return MailAssistantConfig.origin;
    var rs = roaming();
    var saved = rs && rs.get(ORIGIN_KEY);
    return typeof saved === "string" && /^https:\/\/[^/\s]+$/.test(saved) ? saved : LOCAL_ORIGIN;
  }

  // The local companion is per computer and wants its token; a District-hosted service wants none.
  function isLocal(origin) {
    return /^https:\/\/(?:localhost|127\.0\.0\.1)(?::\d+)?$/.test(origin);
  }

  function getToken() {
    // OfficeRuntime.storage is shared by the task pane and the event runtime and stays on this computer.
    if (typeof OfficeRuntime !== "undefined" && OfficeRuntime.storage) {
      return Promise.resolve(OfficeRuntime.storage.getItem(TOKEN_KEY)).then(function (t) { return t || fromLocalStorage(); });
    }
    return Promise.resolve(fromLocalStorage());
  }

  function fromLocalStorage() {
    try {
      return typeof localStorage !== "undefined" ? localStorage.getItem(TOKEN_KEY) : null;
    } catch (e) {
      return null; // no localStorage in the JavaScript-only runtime
    }
  }

  function supports(version) {
    try {
      return !!Office.context.requirements.isSetSupported("Mailbox", version);
    } catch (e) {
      return false;
    }
  }

  function call(obj, method) {
    var args = Array.prototype.slice.call(arguments, 2);
    return new Promise(function (resolve, reject) {
      args.push(function (result) {
        if (result && result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
        else reject(new Error(result && result.error ? result.error.message : method + " failed"));
      });
      obj[method].apply(obj, args);
    });
  }

  function recipients(list) {
    return (list || []).map(function (r) {
      return { address: r.emailAddress || "", name: r.displayName && r.displayName !== r.emailAddress ? r.displayName : "" };
    });
  }

  function draftFromItem(item) {
    return Promise.all([
      call(item.subject, "getAsync"),
      call(item.to, "getAsync"),
      call(item.cc, "getAsync"),
      call(item.bcc, "getAsync"),
      call(item.body, "getAsync", Office.CoercionType.Html),
    ]).then(function (v) {
      return { subject: v[0] || "", to: recipients(v[1]), cc: recipients(v[2]), bcc: recipients(v[3]), html: v[4] || "" };
    });
  }

  function withTimeout(promise, ms) {
    return new Promise(function (resolve, reject) {
      var timer = setTimeout(function () { reject(new Error("the Mail Assistant did not answer in time")); }, ms);
      promise.then(function (v) { clearTimeout(timer); resolve(v); }, function (e) { clearTimeout(timer); reject(e); });
    });
  }

  function api(method, path, body) {
    var origin = serviceOrigin();
    var local = isLocal(origin);
    return (local ? getToken() : Promise.resolve(null)).then(function (token) {
      if (local && !token) throw new Error("not connected to the Mail Assistant");
      var opts = { method: method, headers: {} };
      if (token) opts.headers.Authorization = "Bearer " + token;
      if (body !== undefined) {
        opts.headers["Content-Type"] = "application/json";
        opts.body = JSON.stringify(body);
      }
      if (typeof fetch !== "function") throw new Error("this Outlook cannot reach the Mail Assistant");
      return withTimeout(fetch(origin + "/api/" + path, opts), SERVICE_TIMEOUT_MS).then(function (res) {
        if (!res.ok) throw new Error("Mail Assistant answered " + res.status);
        return res.json();
      });
    });
  }

  function clip(text) {
    return text.length > MAX_MESSAGE ? text.slice(0, MAX_MESSAGE - 1) + "\u2026" : text;
  }

  function summary(hints, lead) {
    return clip(lead + " " + hints.map(function (h) { return h.code + ": " + h.message; }).join(" "));
  }

  // What to tell Outlook, from the hints. ``o``: {degraded: the service did not
  // answer, v114: Mailbox 1.14 (custom "Don't Send" button, "Send anyway"),
  // confirmed: the author already saw this alert for this exact draft}.
  function decide(hints, o) {
    var errors = hints.filter(function (h) { return h.severity === "error"; });
    var warnings = hints.filter(function (h) { return h.severity === "warning"; });
    var lead = o.degraded ? DEGRADED + " " : "";
    var out;
    if (errors.length) {
      // SoftBlock and no override: errors must be fixed.
      out = { allowEvent: false, errorMessage: summary(errors, lead + "BP 1114, fix before sending:") };
      if (o.v114) { out.cancelLabel = "Fix it"; out.commandId = "msgComposeOpenPaneButton"; }
      return out;
    }
    if (!warnings.length && !o.degraded) return { allowEvent: true };
    if (o.confirmed) return { allowEvent: true }; // Mailbox 1.12: sent again after the alert
    var text = warnings.length ? summary(warnings, lead + "Before you send (BP 1114):") : clip(lead + "They found nothing to fix.");
    out = { allowEvent: false, errorMessage: text };
    if (o.v114) {
      out.sendModeOverride = Office.MailboxEnums.SendModeOverride.PromptUser;
      if (warnings.length) { out.cancelLabel = "Fix it"; out.commandId = "msgComposeOpenPaneButton"; }
    } else {
      // No "Send anyway" before Mailbox 1.14: sending the same draft again is the author's choice.
      out.errorMessage = clip(text.slice(0, MAX_MESSAGE - 40) + " Select Send again to send it as it is.");
    }
    return out;
  }

  function draftKey(draft) {
    var s = JSON.stringify(draft), h = 5381;
    for (var i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
    return s.length + ":" + h.toString(36);
  }

  function sessionData(item) {
    return item && item.sessionData && typeof item.sessionData.getAsync === "function" ? item.sessionData : null;
  }

  function wasAlerted(item, key) {
    var sd = sessionData(item);
    if (!sd) return Promise.resolve(!!alerted[key]);
    return call(sd, "getAsync", CONFIRM_KEY).then(function (v) { return v === key; }, function () { return !!alerted[key]; });
  }

  function rememberAlert(item, key) {
    alerted[key] = true;
    var sd = sessionData(item);
    return sd ? call(sd, "setAsync", CONFIRM_KEY, key).catch(function () { return null; }) : Promise.resolve(null);
  }

  function localHints(draft) {
    return MailAssistantChecks.check(draft, MailAssistantPolicy);
  }

  function onMessageSendHandler(event) {
    var item = Office.context.mailbox.item;
    var v114 = supports("1.14");
    var draft = null;
    draftFromItem(item)
      .then(function (d) {
        draft = d;
        // Only errors and warnings decide a send: the service skips the advice rules.
        return api("POST", "check", { draft: d, severity: "warning" }).then(
          function (result) { return { hints: result.hints, degraded: false }; },
          function () { return { hints: localHints(d), degraded: true }; }
        );
      })
      .then(function (r) {
        var out = decide(r.hints, { degraded: r.degraded, v114: v114, confirmed: false });
        // Only an alert before Mailbox 1.14 needs the draft's key ("sent again after the
        // alert"); hashing a 1 MB body on every send cost ~20 ms for nothing.
        if (out.allowEvent || v114) return out;
        var key = draftKey(draft);
        return wasAlerted(item, key).then(function (seen) {
          var again = seen ? decide(r.hints, { degraded: r.degraded, v114: false, confirmed: true }) : out;
          if (!again.allowEvent) return rememberAlert(item, key).then(function () { return again; });
          return again;
        });
      })
      .catch(function (err) {
        // The message itself could not be read: say so; with 1.14 the author may still send.
        var out = { allowEvent: false, errorMessage: clip("The Mail Assistant could not read this message, so it was not checked (" + err.message + ").") };
        if (v114) out.sendModeOverride = Office.MailboxEnums.SendModeOverride.PromptUser;
        return out;
      })
      .then(function (out) { event.completed(out); });
  }

  // ---- live hints on recipient changes (no task pane needed) ----

  var RECIPIENT_CODES = { EM401: true, CF101: true };
  var RECIPIENTS_NOTICE = "mail-assistant-recipients";

  // OnMessageRecipientsChanged: a notification bar for a large visible group or
  // records going outside the District, cleared when the recipients are fine.
  function onMessageRecipientsChangedHandler(event) {
    var item = Office.context.mailbox.item;
    var nm = item && item.notificationMessages;
    draftFromItem(item)
      .then(function (draft) {
        var hints = localHints(draft).filter(function (h) { return RECIPIENT_CODES[h.code]; });
        if (!nm) return null;
        if (!hints.length) return call(nm, "removeAsync", RECIPIENTS_NOTICE).catch(function () { return null; });
        return call(nm, "replaceAsync", RECIPIENTS_NOTICE, {
          type: Office.MailboxEnums.ItemNotificationMessageType.InformationalMessage,
          message: clip(hints.map(function (h) { return h.code + ": " + h.message; }).join(" ")).slice(0, 150),
          icon: "Icon.16x16", persistent: false,
        });
      })
      .catch(function () { return null; })
      .then(function () { event.completed(); });
  }

  // ---- the signature on new messages ----

  function esc(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function cleanFields(raw) {
    var out = {};
    FIELDS.forEach(function (f) { out[f] = raw && typeof raw[f] === "string" ? raw[f].trim() : ""; });
    return out;
  }

  // The same marked block as assistant.core.signature.Signature.html(), so a later
  // check or fix recognises it.
  function signatureHtml(fields) {
    var s = cleanFields(fields);
    if (!s.name) return "";
    var rows = [esc(s.pronouns ? s.name + " (" + s.pronouns + ")" : s.name)];
    if (s.title) rows.push(esc(s.title));
    if (s.school) rows.push(esc(s.school));
    if (s.phone) {
      var digits = s.phone.split("x")[0].split("ext")[0].replace(/[^\d+]/g, "");
      rows.push("Phone: <a href=\"tel:" + esc(digits) + "\">" + esc(s.phone) + "</a>");
    }
    if (s.email) rows.push("Email: <a href=\"mailto:" + esc(s.email) + "\">" + esc(s.email) + "</a>");
    if (s.website) {
      var url = /^https?:\/\//i.test(s.website) ? s.website : "https://" + s.website;
      rows.push("<a href=\"" + esc(url) + "\">" + esc(s.website) + "</a>");
    }
    return "<div class=\"mdusd-signature\" data-mail-assistant=\"signature\"><div>&nbsp;</div>" +
      rows.map(function (r) { return "<div>" + r + "</div>"; }).join("") + "</div>";
  }

  function savedSignature() {
    var rs = roaming();
    var fields = rs && rs.get(SIGNATURE_KEY);
    return fields && fields.name ? cleanFields(fields) : null;
  }

  function saveSignature(fields) {
    var rs = roaming();
    if (!rs) return Promise.reject(new Error("this Outlook has no roaming settings"));
    rs.set(SIGNATURE_KEY, cleanFields(fields));
    return call(rs, "saveAsync");
  }

  // Signature fields: the roaming settings (every runtime, every computer), else
  // the local companion's settings.
  function signatureFields() {
    var saved = savedSignature();
    if (saved) return Promise.resolve(saved);
    if (!isLocal(serviceOrigin())) return Promise.resolve(null);
    return api("GET", "config").then(function (cfg) { return cfg.signature && cfg.signature.html ? { html: cfg.signature.html } : null; });
  }

  // Outlook's own signature is on: true, false, or null when this Outlook cannot tell (before 1.10).
  function clientSignatureEnabled(item) {
    if (!item || typeof item.isClientSignatureEnabledAsync !== "function") return Promise.resolve(null);
    return call(item, "isClientSignatureEnabledAsync").catch(function () { return null; });
  }

  function notify(item, message) {
    var nm = item && item.notificationMessages;
    if (!nm || typeof nm.addAsync !== "function") return Promise.resolve(null);
    return call(nm, "addAsync", "mail-assistant-signature", {
      type: Office.MailboxEnums.ItemNotificationMessageType.InformationalMessage,
      message: message, icon: "Icon.16x16", persistent: false,
    }).catch(function () { return null; });
  }

  function onNewMessageComposeHandler(event) {
    var item = Office.context.mailbox.item;
    clientSignatureEnabled(item)
      .then(function (enabled) {
        if (enabled) {
          // Two signatures help no one, and turning Outlook's off is the author's call: the task pane asks.
          return notify(item, "Outlook added your own signature. Open Check BP 1114 to use the District signature instead.");
        }
        return signatureFields().then(function (fields) {
          var sig = fields && (fields.html || signatureHtml(fields));
          if (!sig) return null;
          return call(item.body, "setSignatureAsync", sig, { coercionType: Office.CoercionType.Html });
        });
      })
      .catch(function () { return null; })
      .then(function () { event.completed(); });
  }

  var exportsObj = {
    onMessageSendHandler: onMessageSendHandler, onNewMessageComposeHandler: onNewMessageComposeHandler,
    onMessageRecipientsChangedHandler: onMessageRecipientsChangedHandler,
    draftFromItem: draftFromItem, api: api, call: call, decide: decide, localHints: localHints,
    signatureHtml: signatureHtml, savedSignature: savedSignature, saveSignature: saveSignature,
    clientSignatureEnabled: clientSignatureEnabled, serviceOrigin: serviceOrigin, isLocal: isLocal, supports: supports,
    TOKEN_KEY: TOKEN_KEY, ORIGIN_KEY: ORIGIN_KEY, DEGRADED: DEGRADED,
  };
  root.MailAssistantAddin = exportsObj;
  if (typeof Office !== "undefined" && Office.actions) {
    Office.actions.associate("onMessageSendHandler", onMessageSendHandler);
    Office.actions.associate("onNewMessageComposeHandler", onNewMessageComposeHandler);
    Office.actions.associate("onMessageRecipientsChangedHandler", onMessageRecipientsChangedHandler);
  }
})(this);
