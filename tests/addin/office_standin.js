// A stand-in for Office.js (Outlook compose), faithful to the parts the add-in
// uses: AsyncResult callbacks ({status, value, error}), recipients as
// EmailAddressDetails, CoercionType, MailboxEnums.SendModeOverride,
// Office.actions.associate and Office.onReady. Tests drive it via window.__office.
(function () {
  var state = window.__officeState || {
    subject: "", to: [], cc: [], bcc: [], html: "", signatureSet: null, calls: [],
  };
  window.__officeState = state;
  function ok(value) { return { status: "succeeded", value: value, error: null, asyncContext: undefined }; }
  function later(cb, result) { setTimeout(function () { cb(result); }, 0); }
  function lastCb(args) { var cb = args[args.length - 1]; return typeof cb === "function" ? cb : function () {}; }
  function field(name) {
    return {
      getAsync: function () { state.calls.push(name + ".getAsync"); later(lastCb(arguments), ok(state[name])); },
      setAsync: function (value) { state.calls.push(name + ".setAsync"); state[name] = value; later(lastCb(arguments), ok(undefined)); },
    };
  }
  var body = {
    getAsync: function (coercion) {
      state.calls.push("body.getAsync:" + coercion);
      later(lastCb(arguments), ok(coercion === "html" ? state.html : state.html.replace(/<[^>]+>/g, "")));
    },
    setAsync: function (value, options) {
      state.calls.push("body.setAsync:" + (options && options.coercionType));
      state.html = value;
      later(lastCb(arguments), ok(undefined));
    },
    setSignatureAsync: function (value, options) {
      state.calls.push("body.setSignatureAsync:" + (options && options.coercionType));
      state.signatureSet = value;
      later(lastCb(arguments), ok(undefined));
    },
  };
  var handlers = {};
  window.Office = {
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    CoercionType: { Html: "html", Text: "text" },
    MailboxEnums: { SendModeOverride: { PromptUser: "promptUser" } },
    context: { mailbox: { item: { subject: field("subject"), to: field("to"), cc: field("cc"), bcc: field("bcc"), body: body } } },
    actions: { associate: function (name, fn) { handlers[name] = fn; } },
    onReady: function (cb) { var info = { host: "Outlook", platform: "PC" }; if (cb) setTimeout(function () { cb(info); }, 0); return Promise.resolve(info); },
  };
  // Fire a launch event the way Outlook does: call the handler with an event whose completed() ends it.
  window.__office = {
    handlers: handlers,
    fire: function (name) {
      return new Promise(function (resolve) {
        handlers[name]({ type: name, completed: function (options) { resolve(options || {}); } });
      });
    },
  };
})();
