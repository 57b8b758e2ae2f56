// Outlook event handlers (OnMessageSend Smart Alerts, OnNewMessageCompose).
// Plain script, no modules: classic Outlook on Windows runs this file in a
// JavaScript-only runtime; other Outlooks load it from commands.html.
/* global Office, OfficeRuntime */
(function () {
  "use strict";
  // Same origin as the page when there is one; classic Outlook's JS runtime has no page.
  var ORIGIN = typeof location !== "undefined" && /^https:\/\/localhost:\d+$/.test(location.origin)
    ? location.origin : "https://localhost:8431";
  var API = ORIGIN + "/api/";
  var TOKEN_KEY = "mail-assistant-token";
  var MAX_MESSAGE = 500; // Smart Alerts truncates longer text

  function getToken() {
    // OfficeRuntime.storage is shared by the task pane and the event runtime and stays on this computer.
    if (typeof OfficeRuntime !== "undefined" && OfficeRuntime.storage) {
      return OfficeRuntime.storage.getItem(TOKEN_KEY);
    }
    try {
      return Promise.resolve(localStorage.getItem(TOKEN_KEY));
    } catch (e) {
      return Promise.resolve(null);
    }
  }

  function call(obj, method) {
    var args = Array.prototype.slice.call(arguments, 2);
    return new Promise(function (resolve, reject) {
      args.push(function (result) {
        if (result.status === Office.AsyncResultStatus.Succeeded) resolve(result.value);
        else reject(new Error(result.error ? result.error.message : method + " failed"));
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

  function api(method, path, body) {
    return getToken().then(function (token) {
      if (!token) throw new Error("not connected to the Mail Assistant");
      var opts = { method: method, headers: { Authorization: "Bearer " + token } };
      if (body !== undefined) {
        opts.headers["Content-Type"] = "application/json";
        opts.body = JSON.stringify(body);
      }
      return fetch(API + path, opts).then(function (res) {
        if (!res.ok) throw new Error("Mail Assistant answered " + res.status);
        return res.json();
      });
    });
  }

  function summary(hints, lead) {
    var text = lead + " " + hints.map(function (h) { return h.code + ": " + h.message; }).join(" ");
    return text.length > MAX_MESSAGE ? text.slice(0, MAX_MESSAGE - 1) + "…" : text;
  }

  function onMessageSendHandler(event) {
    var item = Office.context.mailbox.item;
    draftFromItem(item)
      .then(function (draft) { return api("POST", "check", { draft: draft }); })
      .then(function (result) {
        var errors = result.hints.filter(function (h) { return h.severity === "error"; });
        var warnings = result.hints.filter(function (h) { return h.severity === "warning"; });
        if (errors.length) {
          event.completed({
            allowEvent: false,
            errorMessage: summary(errors, "BP 1114:"),
            cancelLabel: "Fix it",
            commandId: "msgComposeOpenPaneButton",
          });
        } else if (warnings.length) {
          var done = { allowEvent: false, errorMessage: summary(warnings, "Before you send (BP 1114):") };
          // Mailbox 1.14: let the author choose "Send anyway" for warnings only.
          if (Office.MailboxEnums && Office.MailboxEnums.SendModeOverride) {
            done.sendModeOverride = Office.MailboxEnums.SendModeOverride.PromptUser;
          }
          event.completed(done);
        } else {
          event.completed({ allowEvent: true });
        }
      })
      .catch(function () {
        // The companion is not running or not paired: never trap the mail.
        event.completed({ allowEvent: true });
      });
  }

  function onNewMessageComposeHandler(event) {
    var item = Office.context.mailbox.item;
    api("GET", "config")
      .then(function (cfg) {
        if (!cfg.signature || !cfg.signature.html) return null;
        return call(item.body, "setSignatureAsync", cfg.signature.html, { coercionType: Office.CoercionType.Html });
      })
      .catch(function () { return null; })
      .then(function () { event.completed(); });
  }

  var exportsObj = { onMessageSendHandler: onMessageSendHandler, onNewMessageComposeHandler: onNewMessageComposeHandler,
                     draftFromItem: draftFromItem, api: api, call: call, TOKEN_KEY: TOKEN_KEY };
  if (typeof window !== "undefined") window.MailAssistantAddin = exportsObj;
  if (typeof Office !== "undefined" && Office.actions) {
    Office.actions.associate("onMessageSendHandler", onMessageSendHandler);
    Office.actions.associate("onNewMessageComposeHandler", onNewMessageComposeHandler);
  }
})();
