// A stand-in for Office.js (Outlook compose) in Chromium, where Outlook's CDN copy
// would load. office-addin-mock (used by the node suites) is a Node package, so the
// browser tests use this script, faithful to the parts the add-in uses: AsyncResult
// callbacks ({status, value, error}), recipients as EmailAddressDetails,
// requirements.isSetSupported (state.mailbox, default "1.14"), roamingSettings,
// client signature (isClientSignatureEnabledAsync / disableClientSignatureAsync),
// notificationMessages, sessionData, item and mailbox handlers (RecipientsChanged,
// ItemChanged), Office.actions.associate and Office.onReady. Failures are real:
// state.fail = {"body.getAsync": "message"} makes that call fail.
(function () {
  var state = window.__officeState || {};
  var defaults = {
    subject: "", to: [], cc: [], bcc: [], html: "", signatureSet: null, calls: [], mailbox: "1.14",
    roaming: {}, clientSignature: false, notifications: {}, session: {}, fail: {},
  };
  for (var k in defaults) if (!(k in state)) state[k] = defaults[k];
  window.__officeState = state;
  function result(name, value) {
    if (state.fail[name]) return { status: "failed", value: undefined, error: { message: state.fail[name], code: 9999 } };
    return { status: "succeeded", value: value, error: null, asyncContext: undefined };
  }
  function later(cb, r) { setTimeout(function () { cb(r); }, 0); }
  function lastCb(args) { var cb = args[args.length - 1]; return typeof cb === "function" ? cb : function () {}; }
  function field(name) {
    return {
      getAsync: function () { state.calls.push(name + ".getAsync"); later(lastCb(arguments), result(name + ".getAsync", state[name])); },
      setAsync: function (value) { state.calls.push(name + ".setAsync"); state[name] = value; later(lastCb(arguments), result(name + ".setAsync")); },
    };
  }
  var body = {
    getAsync: function (coercion) {
      state.calls.push("body.getAsync:" + coercion);
      later(lastCb(arguments), result("body.getAsync", coercion === "html" ? state.html : state.html.replace(/<[^>]+>/g, "")));
    },
    setAsync: function (value, options) {
      state.calls.push("body.setAsync:" + (options && options.coercionType));
      state.html = value;
      later(lastCb(arguments), result("body.setAsync"));
    },
    setSignatureAsync: function (value, options) {
      state.calls.push("body.setSignatureAsync:" + (options && options.coercionType));
      state.signatureSet = value;
      later(lastCb(arguments), result("body.setSignatureAsync"));
    },
  };
  var itemHandlers = {};
  var mailboxHandlers = {};
  function atMost(v, max) {
    var a = String(v).split(".").map(Number), b = String(max).split(".").map(Number);
    return a[0] < b[0] || (a[0] === b[0] && (a[1] || 0) <= (b[1] || 0));
  }
  var item = {
    subject: field("subject"), to: field("to"), cc: field("cc"), bcc: field("bcc"), body: body,
    isClientSignatureEnabledAsync: function () {
      state.calls.push("isClientSignatureEnabledAsync");
      later(lastCb(arguments), result("isClientSignatureEnabledAsync", state.clientSignature));
    },
    disableClientSignatureAsync: function () {
      state.calls.push("disableClientSignatureAsync");
      state.clientSignature = false;
      later(lastCb(arguments), result("disableClientSignatureAsync"));
    },
    notificationMessages: {
      addAsync: function (key, msg) { state.notifications[key] = msg; later(lastCb(arguments), result("notify")); },
      replaceAsync: function (key, msg) { state.notifications[key] = msg; later(lastCb(arguments), result("notify")); },
      removeAsync: function (key) { delete state.notifications[key]; later(lastCb(arguments), result("notify")); },
    },
    sessionData: {
      getAsync: function (k) { later(lastCb(arguments), result("sessionData", state.session[k] || "")); },
      setAsync: function (k, v) { state.session[k] = v; later(lastCb(arguments), result("sessionData")); },
    },
    addHandlerAsync: function (type, fn) { itemHandlers[type] = fn; later(lastCb(arguments), result("addHandlerAsync")); },
  };
  var handlers = {};
  window.Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Html: "html", Text: "text" },
    EventType: { ItemChanged: "olkItemSelectedChanged", RecipientsChanged: "olkRecipientsChanged" },
    MailboxEnums: { SendModeOverride: { PromptUser: "promptUser" }, ItemNotificationMessageType: { InformationalMessage: "informationalMessage" } },
    context: {
      requirements: { isSetSupported: function (name, v) { return name === "Mailbox" && atMost(v || "1.1", state.mailbox); } },
      roamingSettings: {
        get: function (k) { return state.roaming[k]; },
        set: function (k, v) { state.roaming[k] = v; },
        saveAsync: function () { state.calls.push("roamingSettings.saveAsync"); later(lastCb(arguments), result("roamingSettings.saveAsync")); },
      },
      mailbox: {
        item: item,
        addHandlerAsync: function (type, fn) { mailboxHandlers[type] = fn; later(lastCb(arguments), result("addHandlerAsync")); },
      },
    },
    actions: { associate: function (name, fn) { handlers[name] = fn; } },
    onReady: function (cb) { var info = { host: "Outlook", platform: "PC" }; if (cb) setTimeout(function () { cb(info); }, 0); return Promise.resolve(info); },
  };
  // Fire events the way Outlook does: a launch event's completed() ends it; item and mailbox events just happen.
  window.__office = {
    handlers: handlers,
    fire: function (name) {
      return new Promise(function (resolve) {
        handlers[name]({ type: name, completed: function (options) { resolve(options || {}); } });
      });
    },
    itemEvent: function (type) { if (itemHandlers[type]) itemHandlers[type]({ type: type }); return !!itemHandlers[type]; },
    mailboxEvent: function (type) { if (mailboxHandlers[type]) mailboxHandlers[type]({ type: type }); return !!mailboxHandlers[type]; },
  };
})();
