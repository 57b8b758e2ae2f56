// CF101 in HTML tables on the device: a name cell and a record cell in the same row.
// The shared table (tests/data/addin_cases.json) holds the cases where the Python rule
// agrees, the name cell beside "Grade: D", "Score: 42%", "14 unexcused absences" or
// "is failing Algebra" included (table-row-name-beside-*). The tests here are the
// JS screen's own: its row model, nested tables and layout tables.
import assert from "node:assert/strict";
import { test } from "node:test";
import { outlook, withNotice } from "./harness.mjs";

const { context } = outlook();
const SIG = "<p>&nbsp;</p><p>Maria Delgado<br>5th Grade Teacher, Oak Hollow Elementary<br>Phone: (925) 555-0114</p><p>&nbsp;</p><p>{NOTICE}</p>";
const OUTSIDE = [{ address: "jordan.chen@example.net", name: "Jordan Chen" }];

function codes(body, to = OUTSIDE) {
  const draft = JSON.parse(withNotice(JSON.stringify({ subject: "Progress update", to, cc: [], bcc: [],
    html: `<html><body><p>Hi Jordan,</p>${body}${SIG}</body></html>` })));
  return [...new Set(context.MailAssistantChecks.check(draft, context.MailAssistantPolicy).map((h) => h.code))].sort();
}

const row = (...cells) => `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;

test("a paragraph beside a name in a layout table is read as text, not as a record cell", () => {
  const para = "Students who were absent five times this month will get a reminder call from the office about the new attendance policy.";
  assert.deepEqual(codes(`<table>${row("Maria Lopez", para)}</table>`), []);
});

test("the name and the record must share a row", () => {
  assert.deepEqual(codes(`<table>${row("Maria Lopez", "Room 14")}${row("Period 3", "Grade: D")}</table>`), []);
});

test("a record table inside a layout table is found, and the header row is the inner table's", () => {
  const inner = `<table><tr><th>Student</th><th>Absences</th></tr>${row("Maria Lopez", "14")}</table>`;
  assert.deepEqual(codes(`<table><tr><td>${inner}</td><td>Notes</td></tr></table>`), ["CF101"]);
  // The outer table's rows are not under the inner table's header.
  assert.deepEqual(codes(`<table><tr><td><table><tr><th>Student</th><th>Absences</th></tr></table></td></tr>${row("Maria Lopez", "14")}</table>`), []);
});

test("render keeps each row's cells with their offsets into the text", () => {
  const r = context.MailAssistantChecks.render("<p>Hi</p><table><tr><td>Maria  Lopez </td><td> D </td></tr></table><p>Bye</p>");
  assert.equal(r.rows.length, 1);
  // Arrays from the vm realm: copy them into this one before comparing.
  assert.deepEqual([...r.rows[0].cells].map((c) => r.text.slice(c.start, c.end).trim()), ["Maria Lopez", "D"]);
  assert.equal(r.text.slice(r.rows[0].cells[0].start, r.rows[0].cells[1].end).includes("Maria Lopez"), true);
});
