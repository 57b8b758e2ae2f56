// The send-critical BP 1114 checks, on the device, for the Outlook event handler.
//
// When the Mail Assistant service cannot be reached the on-send handler still
// decides with these: notice missing (EM501) or misplaced (EM502), signature
// missing (EM701), a large group in To/Cc (EM401), ALL CAPS (EM804), and
// student or personnel records going outside the District (CF101, error level).
// They follow the Python rules (assistant/rules) on the same data: the notice,
// thresholds, acronyms, domains and record terms come from the policy pack via
// policy.generated.js, and tests/data/addin_cases.json is run against both.
//
// Plain ES5 script with no DOM, no modules and no regex look-behind: classic
// Outlook on Windows runs it in a JavaScript-only runtime.
/* exported MailAssistantChecks */
var MailAssistantChecks = (function () {
  "use strict";

  // Lookup tables have no prototype: a word such as "constructor" in a draft must not find Object's.
  function dict() {
    return Object.create(null);
  }

  function set(words) {
    var s = dict();
    words.split(" ").forEach(function (w) { s[w] = true; });
    return s;
  }

  // ---- HTML to the text a reader sees (as assistant/core/htmltext.py renders it) ----

  var BLOCK = set("address article aside blockquote body center dd details dialog div dl dt fieldset " +
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary " +
    "table tbody td tfoot th thead tr ul");
  var SKIP = set("head script style title template noscript object embed iframe xml meta link");
  var VOID = set("area base br col embed hr img input link meta param source track wbr");
  var QUOTE_IDS = set("appendonsend x_appendonsend divrplyfwdmsg x_divrplyfwdmsg olk_src_body_section " +
    "stopspelling ecxstopspelling mail-editor-reference-message-container");
  var QUOTE_CLASSES = set("gmail_quote gmail_quote_container yahoo_quoted moz-cite-prefix outlookmessageheader " +
    "protonmail_quote");
  var SIG_IDS = set("signature x_signature divtagdefaultwrapper_signature mdusd-signature");
  var SIG_CLASSES = set("gmail_signature moz-signature mdusd-signature elementtoproof_signature");
  var WS = /[ \t\r\n\f\v\u00a0\u200b\u2028\u2029]+/g;
  var ENTITIES = Object.assign(dict(), { nbsp: "\u00a0", amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", rsquo: "\u2019", lsquo: "\u2018",
    rdquo: "\u201d", ldquo: "\u201c", ndash: "\u2013", mdash: "\u2014", hellip: "\u2026", copy: "\u00a9" });

  function decode(s) {
    if (s.indexOf("&") < 0) return s;
    return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, function (m, e) {
      if (e[0] === "#") {
        var n = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
      }
      var v = ENTITIES[e.toLowerCase()];
      return v === undefined ? m : v;
    });
  }

  function attrs(src) {
    var out = dict();
    var rx = /([^\s=\/"'>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g;
    var m;
    while ((m = rx.exec(src))) {
      var v = m[2] === undefined ? "" : m[2];
      if (v[0] === "\"" || v[0] === "'") v = v.slice(1, -1);
      out[m[1].toLowerCase()] = decode(v);
    }
    return out;
  }

  function isQuoteMarker(tag, a) {
    if (QUOTE_IDS[(a.id || "").toLowerCase()]) return true;
    var classes = (a["class"] || "").toLowerCase().split(/\s+/);
    for (var i = 0; i < classes.length; i++) if (QUOTE_CLASSES[classes[i]]) return true;
    return tag === "blockquote" && (a.type || "").toLowerCase() === "cite";
  }

  function isSignatureMarker(tag, a) {
    if (SIG_IDS[(a.id || "").toLowerCase()]) return true;
    var classes = (a["class"] || "").toLowerCase().split(/\s+/);
    for (var i = 0; i < classes.length; i++) if (SIG_CLASSES[classes[i]]) return true;
    return (a["data-smartmail"] || "").toLowerCase() === "gmail_signature" || a["data-mail-assistant"] === "signature" ||
      (tag === "a" && a.name === "_MailAutoSig");
  }

  // Render ``html``: {text, quote: offset of the first quote marker or -1,
  // sig: [start, end] of the first signature marker or null, rows: the table rows,
  // each {table: n, cells: [{start, end, th}]} with offsets into text}. The text puts
  // each cell on a line of its own (as htmltext.py does); rows keep which cells sat
  // side by side, which the text alone no longer says.
  function render(html) {
    var out = "";
    var pendingBreak = false, blankLine = false, lastChar = "\n";
    var skip = 0, pre = 0;
    var blockHad = [];
    var stack = []; // open elements: {tag, mark}
    var waiting = []; // marks whose start is the next visible character
    var marks = { quote: -1, sigStart: -1, sigEnd: -1 };
    var sigOpen = null, sigEndWaiting = false;
    var rows = [], tables = 0;
    var tableStack = [], rowStack = [], cellStack = []; // open <table>, <tr>, <td>/<th>

    function emit(s) {
      if (!s) return;
      if (pendingBreak && out.length) {
        var brk = blankLine ? "\n\n" : "\n";
        if (lastChar === "\n") brk = blankLine && out.slice(-2) !== "\n\n" ? "\n" : "";
        out += brk;
      }
      pendingBreak = false;
      blankLine = false;
      for (var i = 0; i < waiting.length; i++) marks[waiting[i]] = out.length;
      waiting = [];
      if (sigEndWaiting) { marks.sigEnd = out.length; sigEndWaiting = false; }
      out += s;
      lastChar = s[s.length - 1];
    }

    function text(s) {
      if (!s || skip) return;
      if (pre) return emit(s.replace(/\r\n/g, "\n"));
      var c = s.replace(WS, " ");
      if (lastChar === " " || lastChar === "\n" || pendingBreak) c = c.replace(/^ +/, "");
      emit(c);
    }

    function start(tag, a) {
      if (skip || SKIP[tag]) { skip++; return; }
      if (marks.quote < 0 && waiting.indexOf("quote") < 0 && isQuoteMarker(tag, a)) waiting.push("quote");
      var isSig = false;
      if (marks.sigStart < 0 && sigOpen === null && waiting.indexOf("sigStart") < 0 && isSignatureMarker(tag, a)) {
        waiting.push("sigStart");
        isSig = true;
      }
      if (BLOCK[tag]) { pendingBreak = true; blockHad.push(out.length); }
      if (tag === "pre") pre++;
      if (tag === "br") emit("\n");
      else if (tag === "img" && (a.alt || "").trim()) text(" " + a.alt.trim() + " ");
      stack.push({ tag: tag, sig: isSig });
      if (isSig) sigOpen = stack.length;
      if (tag === "table") tableStack.push(tables++);
      else if (tag === "tr" && tableStack.length) rowStack.push({ table: tableStack[tableStack.length - 1], cells: [] });
      else if ((tag === "td" || tag === "th") && rowStack.length) cellStack.push({ start: out.length, end: -1, th: tag === "th" });
    }

    function end(tag) {
      if (skip) { if (SKIP[tag]) skip--; return; }
      if (tag === "pre") pre--;
      if ((tag === "td" || tag === "th") && cellStack.length) {
        var cell = cellStack.pop();
        cell.end = out.length;
        if (rowStack.length) rowStack[rowStack.length - 1].cells.push(cell);
      } else if (tag === "tr" && rowStack.length) {
        var row = rowStack.pop();
        if (row.cells.length) rows.push(row);
      } else if (tag === "table" && tableStack.length) tableStack.pop();
      if (BLOCK[tag]) {
        var began = blockHad.length ? blockHad.pop() : out.length;
        if (began === out.length && (tag === "p" || tag === "div") && out.length) blankLine = true;
        pendingBreak = true;
        if (tag === "td" || tag === "th") { pendingBreak = false; text(" "); }
      }
    }

    function close(tag) {
      // Close up to the innermost open ``tag`` (browsers' rule for stray end tags: ignore them).
      for (var i = stack.length - 1; i >= 0; i--) {
        if (stack[i].tag !== tag) continue;
        while (stack.length > i) {
          var el = stack.pop();
          end(el.tag);
          if (sigOpen !== null && stack.length < sigOpen) { sigOpen = null; sigEndWaiting = true; }
        }
        return;
      }
    }

    var rx = /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<[!?][^>]*>|<(\/?)([a-zA-Z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|([^<]+|<)/g;
    var m;
    while ((m = rx.exec(html))) {
      if (m[4] !== undefined) { text(decode(m[4])); continue; }
      if (m[2] === undefined) continue; // comment, doctype, processing instruction
      var tag = m[2].toLowerCase();
      if (m[1]) { if (skip) { if (SKIP[tag]) skip--; } else close(tag); continue; }
      if (skip) { if (SKIP[tag] && !VOID[tag]) skip++; continue; }
      start(tag, attrs(m[3]));
      if (VOID[tag] || /\/\s*$/.test(m[3])) {
        if (SKIP[tag]) skip--; else close(tag);
      }
    }
    while (stack.length) close(stack[stack.length - 1].tag);
    for (var i = 0; i < waiting.length; i++) marks[waiting[i]] = out.length;
    if (sigEndWaiting || (marks.sigStart >= 0 && marks.sigEnd < 0)) marks.sigEnd = out.length;
    // Trailing spaces before a line break come from inline whitespace: drop them, keeping the marks.
    var cuts = [];
    var text_ = out.replace(/ +\n/g, function (run, at) { cuts.push([at, run.length - 1]); return "\n"; });
    function shifted(o) {
      var d = 0;
      cuts.forEach(function (c) { if (o > c[0]) d += Math.min(c[1], o - c[0]); });
      return o - d;
    }
    ["quote", "sigStart", "sigEnd"].forEach(function (k) { if (marks[k] >= 0) marks[k] = shifted(marks[k]); });
    if (cuts.length) {
      rows.forEach(function (r) { r.cells.forEach(function (c) { c.start = shifted(c.start); c.end = shifted(c.end); }); });
    }
    return { text: text_, quote: marks.quote, sig: marks.sigStart >= 0 ? [marks.sigStart, marks.sigEnd] : null, rows: rows };
  }

  // ---- quoted history in plain text (assistant/core/text/split.py) ----

  var HEADER_KEYS = "from|sent|date|to|cc|bcc|subject|reply-to|de|enviado|fecha|para|asunto|envoy\u00e9|objet|\u00e0|" +
    "von|gesendet|an|betreff|\u043e\u0442|\u043e\u0442\u043f\u0440\u0430\u0432\u043b\u0435\u043d\u043e|\u043a\u043e\u043c\u0443|\u0442\u0435\u043c\u0430|\u0434\u0430\u0442\u0430";
  var HEADER_LINE = new RegExp("^\\s*[*>]*\\s*(?:" + HEADER_KEYS + ")\\s*\\*?\\s*:", "i");
  var FROM_LINE = /^\s*[*>]*\s*(?:from|de|von|\u043e\u0442)\s*\*?\s*:\s*\S/i;
  var SEPARATORS = [
    /^\s*-{2,}\s*(?:original message|mensaje original|message d'origine|urspr\u00fcngliche nachricht|forwarded message|mensaje reenviado|message transf\u00e9r\u00e9)\s*-{2,}/i,
    /^\s*-{3,}\s*forwarded by\b/i,
    /^\s*begin forwarded message\s*:/i,
  ];
  var ON_WROTE = /^\s*(?:on|el|le|am|op|il)\s.{0,300}?\b(?:wrote|escribi\u00f3|a \u00e9crit|schrieb|schreef|ha scritto)\s*:\s*$/i;
  var RULE_LINE = /^\s*(?:_{8,}|-{8,}|={8,})\s*$/;

  function textQuote(text) {
    var lines = text.split("\n");
    var offsets = [], pos = 0, i;
    for (i = 0; i < lines.length; i++) { offsets.push(pos); pos += lines[i].length + 1; }
    for (i = 0; i < lines.length; i++) {
      var line = lines[i];
      var head = line.replace(/^\s+/, "").slice(0, 1);
      if (!head || (line.indexOf(":") < 0 && "-_=>*".indexOf(head) < 0)) continue;
      for (var s = 0; s < SEPARATORS.length; s++) if (SEPARATORS[s].test(line)) return offsets[i];
      if (ON_WROTE.test(line)) return offsets[i];
      if (i + 1 < lines.length && /^\s*(?:on|el|le|am) /i.test(line) && line.length < 300 &&
          ON_WROTE.test(line + " " + lines[i + 1])) return offsets[i];
      if (FROM_LINE.test(line) || (HEADER_LINE.test(line) && i + 1 < lines.length)) {
        var run = [], hasFrom = false;
        for (var j = i; j < Math.min(lines.length, i + 6); j++) {
          if (HEADER_LINE.test(lines[j])) { run.push(j); if (FROM_LINE.test(lines[j])) hasFrom = true; }
        }
        if (run.length >= 3 && hasFrom && run[0] === i) {
          var k = i - 1;
          while (k >= 0 && !lines[k].trim()) k--;
          return offsets[k >= 0 && RULE_LINE.test(lines[k]) ? k : i];
        }
      }
      if (line.replace(/^\s+/, "")[0] === ">") {
        var following = lines.slice(i, i + 3).filter(function (ln) { return ln.trim(); });
        if (following.length >= 2 && following[0].trim()[0] === ">" && following[1].trim()[0] === ">") return offsets[i];
      }
    }
    return -1;
  }

  // ---- the confidentiality notice (assistant/core/text/notice.py) ----

  function isTok(ch) { return !!ch && /[a-z0-9]/.test(ch); }

  // Spans where ``words`` occur as consecutive [a-z0-9]+ tokens of ``text``.
  function wordRuns(text, words, overlapping) {
    if (!words.length) return [];
    var low = text.toLowerCase();
    if (low.length !== text.length) low = text.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
    var rx = new RegExp(words.join("[^a-z0-9]+") + "(?![a-z0-9])", "y");
    var out = [], free = 0, pos = low.indexOf(words[0]);
    while (pos !== -1) {
      if ((overlapping || pos >= free) && !isTok(low[pos - 1])) {
        rx.lastIndex = pos;
        var m = rx.exec(low);
        if (m) { out.push([pos, pos + m[0].length]); free = pos + m[0].length; }
      }
      pos = low.indexOf(words[0], pos + 1);
    }
    return out;
  }

  function mask(text, spans) {
    var out = text;
    spans.forEach(function (sp) {
      var chunk = out.slice(sp[0], sp[1]).replace(/[^\n]/g, " ");
      out = out.slice(0, sp[0]) + chunk + out.slice(sp[1]);
    });
    return out;
  }

  // ---- the signature block (assistant/core/text/signature.py) ----

  var VALEDICTION = /^\s*(?:thanks(?: (?:so much|again|again and again))?|thank you(?: (?:so much|again|all))?|many thanks|best(?: regards| wishes)?|kind regards|warm(?:est)? regards|regards|sincerely(?: yours)?|yours (?:truly|sincerely)|respectfully(?: yours)?|cheers|cordially|take care|all the best|warmly|with (?:appreciation|gratitude|thanks)|v\/r|thx|gracias|saludos|atentamente|cordialmente|muchas gracias|un saludo)\s*[,.!\-\u2013\u2014]*\s*$/i;
  var SIG_DELIM = /^-- ?$/;
  var PHONE = /(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b(?:\s*(?:x|ext\.?)\s*\d{1,5})?/;
  var EMAIL = /\b[\w.+'-]+@[\w-]+(?:\.[\w-]+)+\b/;
  var TITLE = /\b(?:teacher|principal|vice principal|assistant principal|counselor|counsellor|psychologist|nurse|librarian|secretary|clerk|manager|director|coordinator|specialist|superintendent|administrator|assistant|aide|technician|analyst|officer|instructor|coach|president|chair|supervisor|lead|registrar|attendance|custodian|therapist|pathologist|case manager|paraeducator|consultant|engineer|accountant|advisor|adviser|dean|head)\b/i;
  var ORG = /\b(?:school|elementary|middle|high|academy|department|dept\.?|office|district|center|centre|services|unified|usd|college|university|program|division|campus|mdusd)\b/i;
  var WORD = /[A-Za-z0-9\u00c0-\u024f](?:[\w'\u2019\u00c0-\u024f-]*[A-Za-z0-9\u00c0-\u024f])?/g;

  function looksLikeContact(s) {
    return PHONE.test(s) || EMAIL.test(s) || (TITLE.test(s) && ORG.test(s));
  }

  function lineSpans(text) {
    var out = [], pos = 0;
    text.split("\n").forEach(function (line) { out.push([pos, pos + line.length]); pos += line.length + 1; });
    return out;
  }

  function textSignature(text) {
    var lines = lineSpans(text);
    var nonblank = [];
    lines.forEach(function (sp, i) { if (text.slice(sp[0], sp[1]).trim()) nonblank.push(i); });
    if (!nonblank.length) return null;
    var last = nonblank[nonblank.length - 1];
    var end = lines[last][1];
    var tail = nonblank.slice(-14);
    var i, k;
    for (k = tail.length - 1; k >= 0; k--) {
      i = tail[k];
      if (SIG_DELIM.test(text.slice(lines[i][0], lines[i][1]))) return [lines[i][0], end];
    }
    for (k = tail.length - 1; k >= 0; k--) {
      i = tail[k];
      if (VALEDICTION.test(text.slice(lines[i][0], lines[i][1]))) {
        var after = nonblank.filter(function (j) { return j > i; });
        var short = after.every(function (j) { return lines[j][1] - lines[j][0] <= 90; });
        if (after.length >= 1 && after.length <= 10 && short) return [lines[i][0], end];
        break;
      }
    }
    var block = [];
    for (i = last; i >= 0; i--) {
      var line = text.slice(lines[i][0], lines[i][1]).trim();
      if (!line) { if (block.length) break; continue; }
      if (line.length > 80 || block.length >= 8) break;
      block.push(i);
    }
    if (block.length >= 2) {
      var first = block[block.length - 1];
      var start = lines[first][0];
      var firstLine = text.slice(lines[first][0], lines[first][1]);
      if (looksLikeContact(text.slice(start, end)) && !VALEDICTION.test(firstLine)) {
        var ws = firstLine.trim().match(WORD) || [];
        var named = ws.every(function (w) { return w[0] !== w[0].toLowerCase() || !/[A-Za-z\u00c0-\u024f]/.test(w[0]); });
        if (ws.length >= 1 && ws.length <= 5 && named) return [start, end];
      }
    }
    return null;
  }

  // Only the last 15 non-blank lines can hold the signature.
  function findTextSignature(text) {
    var pos = text.length, seen = 0, start = 0;
    for (;;) {
      // lastIndexOf clamps a negative start to 0; at the start there is no earlier line break.
      var nl = pos > 0 ? text.lastIndexOf("\n", pos - 1) : -1;
      if (text.slice(nl + 1, pos).trim()) { seen++; if (seen >= 15) { start = nl + 1; break; } }
      if (nl < 0) break;
      pos = nl;
    }
    var found = textSignature(text.slice(start));
    return found ? [found[0] + start, found[1] + start] : null;
  }

  // ---- the draft as the rules see it (assistant/core/content.py) ----

  function parse(draft, policy) {
    var text, quoteAt = -1, sig = null, rows = [];
    if (draft.html && draft.html.trim()) {
      var r = render(draft.html);
      text = r.text;
      rows = r.rows;
      var fromText = textQuote(text);
      quoteAt = r.quote;
      if (fromText >= 0 && (quoteAt < 0 || fromText < quoteAt)) quoteAt = fromText;
      if (r.sig && (quoteAt < 0 || r.sig[0] < quoteAt)) sig = [r.sig[0], quoteAt < 0 ? r.sig[1] : Math.min(r.sig[1], quoteAt)];
    } else {
      text = (draft.text || "").replace(/\r\n?/g, "\n");
      quoteAt = textQuote(text);
    }
    var cut = quoteAt < 0 ? text.length : quoteAt;
    var newText = text.slice(0, cut).replace(/\s+$/, "");
    var quoted = text.slice(cut);
    var words = policy.notice.words;
    var notices = wordRuns(newText, words, false);
    var inQuote = wordRuns(quoted, words, false).length > 0;
    if (sig && notices.length) {
      var after = notices.filter(function (n) { return n[0] >= sig[0]; });
      sig = [sig[0], Math.min(sig[1], after.length ? after[0][0] : sig[1])];
    }
    if (!sig) {
      var masked = mask(newText, notices);
      var region = masked;
      if (notices.length) {
        var head = masked.slice(0, notices[0][0]);
        if (head.trim() && findTextSignature(head.replace(/\s+$/, ""))) region = head.replace(/\s+$/, "");
      }
      sig = findTextSignature(region.replace(/\s+$/, ""));
    }
    if (sig) {
      var e = Math.min(sig[1], newText.length);
      while (e > sig[0] && /\s/.test(newText[e - 1])) e--;
      sig = [sig[0], e];
    }
    var authored = mask(newText, (sig ? [sig] : []).concat(notices));
    // Rows of the new text only (quoted history is never checked).
    rows = rows.filter(function (row) { return row.cells[row.cells.length - 1].end <= newText.length; });
    return { newText: newText, quoted: quoted, notices: notices, noticeInQuote: inQuote, signature: sig, authored: authored,
      rows: rows };
  }

  // ---- the rules ----

  var PREFIX = /^\s*(?:(?:re|fw|fwd|aw|wg|sv|rv|tr|enc)\s*(?:\[\d+\])?\s*:\s*)+/i;
  var LETTER = /[A-Za-z\u00c0-\u024f]/;

  // Words of letters (with inner ' or -), not glued to a digit, "_" or "[": EM804's words.
  function longWords(text) {
    var out = [];
    var rx = /[A-Za-z\u00c0-\u024f]+(?:['\u2019-][A-Za-z\u00c0-\u024f]+)*/g;
    var m;
    while ((m = rx.exec(text))) {
      var before = text[m.index - 1], after = text[m.index + m[0].length];
      if ((before && /[\w\[\u00c0-\u024f]/.test(before)) || (after && /[\w\]\u00c0-\u024f]/.test(after))) continue;
      out.push({ w: m[0], start: m.index, end: m.index + m[0].length });
    }
    return out;
  }

  function isUpper(w) { return w === w.toUpperCase() && w !== w.toLowerCase(); }

  function shouted(text, acronyms) {
    var counted = [], n = 0;
    longWords(text).forEach(function (m) {
      var w = m.w;
      if (w.length <= 3) return;
      if (isUpper(w)) {
        if (acronyms[w] || acronyms[w.replace(/S+$/, "").replace(/['\u2019]+$/, "")]) return;
        n++;
      }
      counted.push(m);
    });
    return { counted: counted, shouted: n };
  }

  function allCaps(draft, doc, policy, acronyms) {
    var out = [];
    var subject = (draft.subject || "").replace(PREFIX, "").trim();
    var s = shouted(subject, acronyms);
    if (s.counted.length && s.shouted === s.counted.length && subject.toUpperCase() === subject) {
      out.push("subject");
    }
    var text = doc.authored;
    var body = shouted(text, acronyms);
    var t = policy.thresholds;
    if (!body.shouted && t.caps_ratio >= 0) return out;
    var runs = 0, run = 0, total = 0, caps = 0, line = [], prevEnd = 0;
    function endRun() { if (run >= t.caps_run) runs++; run = 0; }
    function endLine() {
      if (line.length >= 5) {
        total += line.length;
        caps += line.filter(function (m) { return isUpper(m.w); }).length;
      }
      line = [];
    }
    body.counted.forEach(function (m) {
      if (text.slice(prevEnd, m.start).indexOf("\n") >= 0) { endRun(); endLine(); }
      prevEnd = m.end;
      line.push(m);
      if (isUpper(m.w)) run++; else endRun();
    });
    endRun();
    endLine();
    if (runs || (total >= t.caps_min_words && caps / total > t.caps_ratio)) out.push("body");
    return out;
  }

  function domainOf(address) {
    var at = address.lastIndexOf("@");
    return address.slice(at + 1).trim().toLowerCase().replace(/>+$/, "");
  }

  function isInternal(address, domains) {
    var d = domainOf(address);
    return domains.some(function (x) { return d === x || d.slice(-(x.length + 1)) === "." + x; });
  }

  // CF101 (assistant/rules/confidentiality.py), as a screen: a record phrase of
  // records.toml (compiled by policy_js.py) tied to a person in its sentence or the
  // one before. The service's rule finds people with a fuller detector; this one
  // looks for a full name, a role ("your son", "the employee") or he/she/his/her.
  var SSN = /\b(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}\b/;
  var STUDENT_ID = /\b(?:student\s*(?:id|number|#)|perm(?:anent)?\s*(?:id|#)|n[\u00fau]mero\s+de\s+estudiante)\s*(?:#|no\.?|number|is|es)?\s*:?\s*\d{5,10}\b/i;
  var DOB = /\b(?:dob|d\.o\.b\.|date of birth|birth ?date|fecha de nacimiento)\s*(?:is|was|es)?\s*:?\s*(?:\d{1,2}[\/-]\d{1,2}[\/-]\d{2,4}|(?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d)/i;
  var LETTER_GRADE = /[A-DF][+-]?(?:['\u2019]?s)?(?=[\s,.;:)(]|$)/g;
  var CONDITIONAL = /\b(?:if|when|whenever|unless|in case|should|si|cuando)\b/gi;
  var PRONOUN = /\b(?:he|she|him|his|her|hers|himself|herself)\b/i;
  var FULL_NAME = /\b([A-Z][a-z]+)(?:\s[A-Z]\.)?\s([A-Z][a-z]{2,})\b/g;
  var POSSESSIVE = /\b(?:his|her|their)\s+(?:[\w-]+\s+){0,2}$/i;
  var NOT_NAMES = set("the a an and of for to in on at by with from dear please thank thanks hello hi district school " +
    "board office department unified high middle elementary academy center services program team staff " +
    "student students parent parents teacher teachers principal superintendent human resources open " +
    "enrollment benefits performance evaluation evaluations report card reports test scores grade grades " +
    "special education plan attendance record records date birth social security medical health annual " +
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july " +
    "august september october november december new year spring fall winter summer break north south " +
    "east west street avenue road california concord walnut creek pleasant hill clayton");
  var TOKEN = /[\w'\u2019\u00c0-\u024f]+|[^\w\s\u00c0-\u024f]+/g;
  // A capitalised word that is not a heading word or a sentence opener stands for a
  // first name ("Jaylen was absent", "Amari takes ..."); Spanish roles ("su hijo").
  var CAPITALISED = /[A-Z\u00c0-\u00de][a-z\u00df-\u00ff]{2,}/g;
  var OPENERS = set("this that these those there then they their them what when where which while who why how " +
    "just also but our your you yours we my mine its his her she he him one our all any some each every both " +
    "after before because since until unless as so yet not no yes here now today tomorrow yesterday tonight " +
    "sorry hope let lets could would should will can may might must did does was were are has have had been " +
    "best kind regards sincerely thank thanks cheers looking attached following note reminder quick update " +
    "also again per according regarding about over under into onto upon within without other another such " +
    "many much more most few less least only even still already always never sometimes usually " +
    "english spanish math science history reading writing art music algebra geometry biology chemistry physics");
  var PERSON_ES = /(?:^|[^\w\u00c0-\u024f])(?:(?:su|tu|mi)\s+(?:hij[oa]s?|estudiante|alumn[oa])|(?:el|la|este|esta|ese|esa)\s+(?:alumn[oa]|estudiante|ni\u00f1[oa]|emplead[oa]))(?![\w\u00c0-\u024f])/i;
  var YOU = /\b(?:you|your)\b/i;

  function namesSomeone(sentence) {
    if (PERSON_ES.test(sentence)) return true;
    var words = sentence.split(/\s+/).filter(Boolean);
    var capitalised = words.filter(function (w) { return w[0] !== w[0].toLowerCase(); }).length;
    if (words.length && capitalised / words.length > 0.5) return false; // a heading or a title, not about someone
    if (namesPerson(sentence)) return true;
    var m;
    CAPITALISED.lastIndex = 0;
    while ((m = CAPITALISED.exec(sentence))) {
      var w = m[0].toLowerCase();
      if (!NOT_NAMES[w] && !OPENERS[w] && !/[\w\u00c0-\u024f]/.test(sentence[m.index + m[0].length] || " ")) return true;
    }
    return false;
  }

  function phraseMatcher(list) {
    var byFirst = dict();
    list.forEach(function (p) {
      var seq = (p.trim().toLowerCase().replace(/\u2019/g, "'").match(TOKEN) || []);
      if (!seq.length) return;
      (byFirst[seq[0]] = byFirst[seq[0]] || []).push(seq);
    });
    Object.keys(byFirst).forEach(function (k) { byFirst[k].sort(function (a, b) { return b.length - a.length; }); });
    return byFirst;
  }

  function tokens(text) {
    var toks = [], spans = [], m;
    var low = text.toLowerCase().replace(/\u2019/g, "'");
    TOKEN.lastIndex = 0;
    while ((m = TOKEN.exec(low))) { toks.push(m[0]); spans.push([m.index, m.index + m[0].length]); }
    return { toks: toks, spans: spans };
  }

  function phraseMatches(tk, byFirst) {
    var out = [], free = 0;
    for (var i = 0; i < tk.toks.length; i++) {
      if (i < free) continue;
      var seqs = byFirst[tk.toks[i]];
      if (!seqs) continue;
      for (var s = 0; s < seqs.length; s++) {
        var seq = seqs[s], ok = true;
        for (var k = 0; k < seq.length; k++) if (tk.toks[i + k] !== seq[k]) { ok = false; break; }
        if (ok) { out.push([tk.spans[i][0], tk.spans[i + seq.length - 1][1]]); free = i + seq.length; break; }
      }
    }
    return out;
  }

  function sentenceBounds(text) {
    var out = [], start = 0, m;
    var rx = /[.!?]+(?=\s)|\n/g;
    while ((m = rx.exec(text))) {
      var end = m.index + m[0].length;
      if (text.slice(start, end).trim()) out.push([start, end]);
      start = end;
    }
    if (text.slice(start).trim()) out.push([start, text.length]);
    return out;
  }

  // The last sentence starting at or before ``pos`` (bisect in base.sentence_at).
  function sentenceAt(bounds, text, pos) {
    var found = null;
    for (var i = 0; i < bounds.length && bounds[i][0] <= pos; i++) found = bounds[i];
    return found || [0, text.length];
  }

  function namesPerson(sentence) {
    var words = sentence.split(/\s+/).filter(Boolean);
    var capitalised = words.filter(function (w) { return w[0] !== w[0].toLowerCase(); }).length;
    if (words.length && capitalised / words.length > 0.5) return false;
    FULL_NAME.lastIndex = 0;
    var m;
    while ((m = FULL_NAME.exec(sentence))) {
      if (!NOT_NAMES[m[1].toLowerCase()] && !NOT_NAMES[m[2].toLowerCase()]) return true;
    }
    return false;
  }

  function letterGrade(text) {
    LETTER_GRADE.lastIndex = 0;
    var m;
    while ((m = LETTER_GRADE.exec(text))) if (!/[\w'\u2019]/.test(text[m.index - 1] || " ")) return true;
    return false;
  }

  // "if your child has a fever": a condition, not a record.
  function hypothetical(text, bounds, start) {
    var a = sentenceAt(bounds, text, start)[0];
    var last = null, m;
    CONDITIONAL.lastIndex = a;
    while ((m = CONDITIONAL.exec(text)) && m.index < start) last = m;
    return last !== null && !/[,;:]/.test(text.slice(last.index + last[0].length, start));
  }

  // Someone the record is about: in its sentence a possessive, he/she, a name or a
  // role; for pay and evaluations also "you"; in the sentence before a name or a role.
  function personNear(text, bounds, start, person, personnel) {
    var here = sentenceAt(bounds, text, start);
    var i = bounds.indexOf(here);
    var before = i > 0 ? bounds[i - 1] : null;
    var s = text.slice(here[0], here[1]);
    if (POSSESSIVE.test(text.slice(here[0], start)) || PRONOUN.test(s) || namesSomeone(s)) return true;
    if ((personnel && YOU.test(s)) || phraseMatches(tokens(s), person).length) return true;
    var p = before ? text.slice(before[0], before[1]) : "";
    return !!p && (namesSomeone(p) || phraseMatches(tokens(p), person).length > 0);
  }

  function records(text, prep) {
    if (SSN.test(text) || STUDENT_ID.test(text) || DOB.test(text)) return true;
    var low = text.toLowerCase();
    var ascii = /^[\x00-\x7f]*$/.test(text);
    var bounds = null, m;
    for (var c = 0; c < prep.categories.length; c++) {
      var cat = prep.categories[c];
      var may = !cat.triggers.length || !ascii || cat.triggers.some(function (t) { return low.indexOf(t) >= 0; }) ||
        (cat.key === "grades" && letterGrade(text));
      if (!may) continue;
      cat.rx.lastIndex = 0;
      while ((m = cat.rx.exec(text))) {
        if (!m[0].length) { cat.rx.lastIndex++; continue; }
        if (!cat.needs_person) return true;
        bounds = bounds || sentenceBounds(text);
        if (hypothetical(text, bounds, m.index)) continue;
        if (personNear(text, bounds, m.index, prep.person, cat.key === "personnel")) return true;
      }
    }
    return false;
  }

  // ---- CF101 in tables: a name cell and a record cell in the same row ----

  // A cell that is a person's full name: "Maria Lopez", "Maria J. Lopez", "Lopez, Maria".
  var NAME_CELL = /^(?:[A-Z][a-z'\u2019-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][a-z'\u2019-]+){1,2}|[A-Z][a-z'\u2019-]+,\s*[A-Z][a-z'\u2019-]+)$/;
  // A value in a record column: a number (with %), a ratio or a letter grade (records.toml's table rule).
  var VALUE_CELL = /(?:^|[^\w.])(?:\d{1,4}(?:\.\d+)?\s?%?|\d{1,3}\s*\/\s*\d{1,3})(?![\w.])|(?:^|[^\w])[A-DF][+-]?(?![\w])/;
  var MAX_ROWS = 500; // a huge table is a report, screened by its first rows
  var MAX_CELL = 80; // longer is a paragraph (Python's table rule reads lines of at most 120)

  function cellText(text, cell) {
    return text.slice(cell.start, cell.end).replace(WS, " ").trim();
  }

  function isNameCell(s) {
    if (!NAME_CELL.test(s)) return false;
    var words = s.replace(/[,.]/g, " ").split(/\s+/).filter(function (w) { return w.length > 1; });
    return words.every(function (w) { var l = w.toLowerCase(); return !NOT_NAMES[l] && !OPENERS[l]; });
  }

  // Columns whose header cell names a record ("Grade", "Absences"): the header row is the
  // first row of short cells with such a cell (as _table_disclosures finds a header line).
  function recordColumns(cells, headers, inCell) {
    if (!cells.every(function (c) { return c.length <= 25; })) return null;
    var cols = [];
    cells.forEach(function (c, i) {
      if (headers[c.replace(/^[\s:]+|[\s:]+$/g, "").toLowerCase()] || (inCell && !/[0-9]/.test(c) && inCell.test(c))) cols.push(i);
    });
    return cols.length ? cols : null;
  }

  // The unambiguous record headers inside a longer header cell ("ELPAC level"), as whole words;
  // a cell with a digit holds a value ("14 unexcused absences"), not a header.
  function inCellPattern(list) {
    if (!list || !list.length) return null;
    var alts = list.slice().sort(function (a, b) { return b.length - a.length; })
      .map(function (h) { return h.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&").replace(/ /g, "\\s+"); });
    return new RegExp("(?:^|[^\\w])(?:" + alts.join("|") + ")(?![\\w])", "i");
  }

  // A cell that carries its own header: "Grade: D", "Score: 42%", "Absences: 6".
  function labelledValue(s, headers) {
    var colon = s.indexOf(":");
    if (colon < 1) return false;
    return !!headers[s.slice(0, colon).replace(WS, " ").trim().toLowerCase()] && VALUE_CELL.test(s.slice(colon + 1));
  }

  // A cell that is itself a record phrase of a category ("14 unexcused absences",
  // "is failing Algebra"), tied to the name cell beside it.
  function recordPhrase(s, categories) {
    for (var c = 0; c < categories.length; c++) {
      var rx = categories[c].rx;
      rx.lastIndex = 0;
      var m = rx.exec(s);
      if (m && m[0].length) return true;
    }
    return false;
  }

  function tableRecords(text, rows, prep) {
    var columns = dict(); // table -> record columns of its header row (false: none seen yet)
    for (var i = 0; i < rows.length && i < MAX_ROWS; i++) {
      var row = rows[i];
      var cells = row.cells.map(function (c) { return cellText(text, c); });
      if (!(row.table in columns)) {
        var cols = recordColumns(cells, prep.headers, prep.inCell);
        if (cols) { columns[row.table] = cols; continue; }
      }
      if (cells.length < 2) continue;
      var named = -1;
      for (var k = 0; k < cells.length && named < 0; k++) if (isNameCell(cells[k])) named = k;
      if (named < 0) continue;
      var under = columns[row.table] || [];
      for (k = 0; k < cells.length; k++) {
        // A paragraph beside a photo caption is a layout, not a record cell: the text screen reads it.
        if (k === named || !cells[k] || cells[k].length > MAX_CELL) continue;
        if (under.indexOf(k) >= 0 && VALUE_CELL.test(cells[k])) return true;
        if (labelledValue(cells[k], prep.headers) || recordPhrase(cells[k], prep.categories)) return true;
      }
    }
    return false;
  }

  function recipientCount(list) {
    return (list || []).reduce(function (n, r) { return n + (r.group_size ? r.group_size : 1); }, 0);
  }

  // The rules' names and citations (assistant/rules), as the service reports them.
  var RULES = {
    EM401: ["bcc-for-large-group", "BP 1114, Email Protocol D"],
    EM501: ["confidentiality-notice-missing", "BP 1114, Email Protocol E"],
    EM502: ["confidentiality-notice-misplaced", "BP 1114, Email Protocol E"],
    EM701: ["signature-missing", "BP 1114, Email Protocol H"],
    EM804: ["all-caps", "BP 1114, Email Protocol I"],
    CF101: ["student-or-personnel-records", "BP 1114, Social Media Protocol 3\u20134"],
  };

  function hint(code, severity, message, fix, field) {
    return { code: code, name: RULES[code][0], citation: RULES[code][1], severity: severity, message: message,
      fix: fix || null, field: field || "body", local: true };
  }

  var cache = { policy: null };

  function headerSet(list) {
    var out = dict();
    list.forEach(function (h) { out[h.replace(WS, " ").toLowerCase()] = true; });
    return out;
  }

  function prepared(policy) {
    if (cache.policy === policy) return cache;
    var acronyms = dict();
    policy.acronyms.forEach(function (a) { acronyms[a.toUpperCase()] = true; });
    cache = {
      policy: policy,
      acronyms: acronyms,
      records: {
        categories: policy.records.categories.map(function (cat) {
          return { key: cat.key, needs_person: cat.needs_person, triggers: cat.triggers, rx: new RegExp(cat.pattern, "g") };
        }),
        person: phraseMatcher(policy.records.person),
        headers: headerSet(policy.records.table ? policy.records.table.headers : []),
        inCell: inCellPattern(policy.records.table ? policy.records.table.in_cell : []),
      },
    };
    return cache;
  }

  // check(draft, policy) -> hints, most severe first. ``draft``: {subject, to, cc,
  // bcc: [{address, name}], html or text} (the service's JSON draft shape).
  function check(draft, policy) {
    var p = prepared(policy);
    var doc = parse(draft, policy);
    var out = [];
    var visible = recipientCount(draft.to) + recipientCount(draft.cc);
    if (visible >= policy.thresholds.bcc_min_recipients) {
      out.push(hint("EM401", "warning", visible + " recipients can see each other's addresses: put them in Bcc.", "bcc", "to"));
    }
    if (!doc.notices.length && !doc.noticeInQuote) {
      var partial = policy.notice.words.length >= 8 && wordRuns(doc.newText, policy.notice.words.slice(0, 8), true).length;
      out.push(hint("EM501", "error", partial
        ? "The confidentiality notice has been altered or cut short: use the District's exact text."
        : "Add the District confidentiality notice beneath your signature.", "notice"));
    } else if (!doc.notices.length) {
      out.push(hint("EM502", "warning", "The notice is only in the quoted message: add it beneath your own signature.", "notice"));
    } else if (doc.notices.length > 1) {
      out.push(hint("EM502", "warning", "The confidentiality notice appears " + doc.notices.length + " times: keep one, beneath your signature.", "notice"));
    } else if (doc.signature && doc.notices[0][1] <= doc.signature[0]) {
      out.push(hint("EM502", "warning", "Move the confidentiality notice beneath your signature.", "notice"));
    }
    if (doc.newText.trim()) {
      var sig = doc.signature ? doc.newText.slice(doc.signature[0], doc.signature[1]) : "";
      if (!sig) out.push(hint("EM701", "warning", "Add a signature with your name and contact information.", "signature"));
      else if (!looksLikeContact(sig)) {
        out.push(hint("EM701", "warning", "Your signature has no contact line: add your phone, e-mail, or title and school.", "signature"));
      }
    }
    allCaps(draft, doc, policy, p.acronyms).forEach(function (where) {
      out.push(where === "subject"
        ? hint("EM804", "warning", "The subject is in capitals, which reads as shouting: use sentence case.", "caps", "subject")
        : hint("EM804", "warning", "Words in capitals read as shouting: use sentence case.", "caps"));
    });
    var all = (draft.to || []).concat(draft.cc || [], draft.bcc || []);
    var external = all.some(function (r) { return r.address && !isInternal(r.address, policy.domains); });
    if (external && (records(doc.authored.slice(0, 100000), p.records) || tableRecords(doc.authored, doc.rows, p.records))) {
      out.push(hint("CF101", "error", "Student or personnel record details are going outside the District: use a secured District system instead."));
    }
    var rank = { error: 0, warning: 1, info: 2 };
    var order = policy.codes;
    out.sort(function (a, b) { return rank[a.severity] - rank[b.severity] || order.indexOf(a.code) - order.indexOf(b.code); });
    return out;
  }

  return { check: check, parse: parse, render: render, textQuote: textQuote, isInternal: isInternal };
})();
if (typeof module !== "undefined" && module.exports) module.exports = MailAssistantChecks;
