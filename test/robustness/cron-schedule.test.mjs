// KubernetesCronJob's schedule rules against a model of what the Kubernetes API
// server accepts (its CronJob validation: no "TZ" anywhere, then robfig/cron v3's
// standard parser), on schedules generated from the pieces of cron syntax. The
// model is written from the documented behaviour, not taken from either project.
// Where Planton is stricter on purpose, the generated schedule is left out and the
// reason is a test of its own.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { fc, fcParams, sdk } from "./support/in-process.mjs";

const MONTHS = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
/** minute, hour, day of month, month, day of week: bounds and names. */
const FIELDS = [
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12, MONTHS],
  [0, 6, DAYS],
];
const MACROS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];
// Go's strings.Fields splits on Unicode white space.
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

class Refused extends Error {}
/** A range that runs backwards with a month or day name at an end: Planton's known gap. */
class BackwardsByName extends Refused {}

/** strconv.Atoi, then robfig's "negative number not allowed". */
function atoi(text) {
  if (!/^[+-]?[0-9]+$/.test(text)) throw new Refused(`not an integer: ${text}`);
  const n = BigInt(text);
  if (n > 9223372036854775807n || n < 0n) throw new Refused(`out of range: ${text}`);
  return n;
}

function numberOrName(text, names) {
  if (names && text.toLowerCase() in names) return BigInt(names[text.toLowerCase()]);
  return atoi(text);
}

/** One comma-separated item of a field, as robfig/cron's getRange reads it. */
function checkItem(item, [min, max, names]) {
  const [rangePart, ...steps] = item.split("/");
  const ends = rangePart.split("-");
  let start;
  let end;
  if (ends[0] === "*" || ends[0] === "?") {
    start = BigInt(min);
    end = BigInt(max);
  } else {
    if (ends.length > 2) throw new Refused("too many hyphens");
    start = numberOrName(ends[0], names);
    end = ends.length === 2 ? numberOrName(ends[1], names) : start;
  }
  if (steps.length > 1) throw new Refused("too many slashes");
  if (steps.length === 1) {
    if (atoi(steps[0]) === 0n) throw new Refused("step of zero");
    if (ends.length === 1) end = BigInt(max);
  }
  if (start < BigInt(min) || end > BigInt(max)) throw new Refused("out of bounds");
  if (start > end) {
    const named = names !== undefined && ends.some((e) => e.toLowerCase() in names);
    throw named ? new BackwardsByName("backwards") : new Refused("backwards");
  }
}

/** Whether the API server accepts `schedule` for a new CronJob. */
function kubernetesAccepts(schedule) {
  return judge(schedule).accepted;
}

function judge(schedule) {
  try {
    return { accepted: parses(schedule), backwardsByName: false };
  } catch (e) {
    if (e instanceof BackwardsByName) return { accepted: false, backwardsByName: true };
    throw e;
  }
}

function parses(schedule) {
  if (schedule.includes("TZ") || schedule === "") return false;
  if (schedule.startsWith("@")) return MACROS.includes(schedule) || schedule.startsWith("@every ");
  const fields = schedule.split(GO_SPACE).filter((f) => f !== "");
  if (fields.length !== 5) return false;
  try {
    fields.forEach((f, i) => {
      for (const item of f.split(",")) checkItem(item, FIELDS[i]);
    });
    return true;
  } catch (e) {
    if (e instanceof Refused && !(e instanceof BackwardsByName)) return false;
    throw e;
  }
}

/** Where Planton refuses what the API server takes, on purpose (see spec.proto), or has a known gap. */
function deliberateDifference(schedule) {
  if (schedule.startsWith("@every")) return "@every: undocumented for CronJobs; Planton takes the documented macros";
  if (/(^|[\s,])[*?]-/.test(schedule)) return "*-x: robfig ignores what follows '*-'; Planton refuses it";
  if (judge(schedule).backwardsByName)
    return "a backwards range with a name at an end: a known gap (testdata/kubernetes-cron-job/known-gaps)";
  return undefined;
}

function plantonAccepts(schedule) {
  const text = `apiVersion: kubernetes.project-planton.org/v1
kind: KubernetesCronJob
metadata:
  name: report
spec:
  namespace: batch
  image:
    repo: busybox
  schedule: ${JSON.stringify(schedule)}
`;
  const r = sdk.prepareManifest(text, "cron.yaml");
  for (const p of r.problems)
    assert.equal(p.path, "spec.schedule", `${JSON.stringify(schedule)}: a problem elsewhere: ${p.path} ${p.message}`);
  assert.ok(r.problems.length <= 1, `${JSON.stringify(schedule)}: one problem at most, got ${r.problems.length}`);
  return r.ok;
}

// Per field: values within bounds (names in several cases, signs, leading zeros)
// and, less often, values just past them or not values at all.
const ATOMS = [
  [
    ["*", "?", "0", "5", "059", "+30", "59", "7", "00"],
    ["60", "-1", "x"],
  ],
  [
    ["*", "0", "+1", "23", "22", "2", "09", "9", "17"],
    ["24", ""],
  ],
  [
    ["*", "?", "1", "31", "15", "10", "01"],
    ["0", "32", "L"],
  ],
  [
    ["*", "1", "12", "jan", "JUN", "Dec", "3", "012"],
    ["0", "13", "January"],
  ],
  [
    ["*", "?", "0", "6", "mon", "FRI", "Sun", "sat", "5"],
    ["7", "8", "mo"],
  ],
];
const atom = (i) =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...ATOMS[i][0]), weight: 12 },
    { arbitrary: fc.constantFrom(...ATOMS[i][1]), weight: 1 },
  );
const step = fc.oneof(
  { arbitrary: fc.constant(undefined), weight: 6 },
  { arbitrary: fc.constantFrom("1", "2", "+5", "15", "99", "001"), weight: 3 },
  { arbitrary: fc.constantFrom("0", "", "x", "1/2"), weight: 1 },
);
const item = (i) =>
  fc
    .tuple(atom(i), fc.option(atom(i), { nil: undefined, freq: 2 }), step)
    .map(([a, b, st]) => `${a}${b === undefined ? "" : `-${b}`}${st === undefined ? "" : `/${st}`}`);
const field = (i) => fc.array(item(i), { minLength: 1, maxLength: 2 }).map((items) => items.join(","));
const separator = fc.constantFrom(" ", " ", "  ", "\t");
const fiveFields = fc
  .tuple(field(0), field(1), field(2), field(3), field(4), separator, fc.boolean())
  .map(([a, b, c, d, e, sep, pad]) => `${pad ? " " : ""}${[a, b, c, d, e].join(sep)}`);
const otherForms = fc.constantFrom(
  ...MACROS,
  "@every 1h",
  "@Daily",
  "@daily ",
  "@fortnightly",
  "TZ=UTC 0 3 * * *",
  "CRON_TZ=Europe/Berlin 0 3 * * *",
  "0 0 3 * * *",
  "0 3 * *",
  "",
  " ",
);
const schedules = fc.oneof({ arbitrary: fiveFields, weight: 9 }, { arbitrary: otherForms, weight: 1 });

describe("KubernetesCronJob schedule", () => {
  test("Planton accepts a schedule exactly when the API server does (deliberate differences aside)", () => {
    const outcomes = new Set();
    fc.assert(
      fc.property(schedules, (schedule) => {
        if (deliberateDifference(schedule)) return;
        const expected = kubernetesAccepts(schedule);
        outcomes.add(expected);
        assert.equal(
          plantonAccepts(schedule),
          expected,
          `${JSON.stringify(schedule)}: Kubernetes ${expected ? "accepts" : "rejects"} it`,
        );
      }),
      fcParams(3000),
    );
    assert.deepEqual([...outcomes].sort(), [false, true], "the corpus reaches both outcomes");
  });

  test("the deliberate differences are real: the API server accepts these, Planton does not", () => {
    for (const schedule of ["@every 1h", "0 *-5 * * *"]) {
      assert.equal(kubernetesAccepts(schedule), true, schedule);
      assert.ok(deliberateDifference(schedule), schedule);
      assert.equal(plantonAccepts(schedule), false, schedule);
    }
  });

  test("the model knows Kubernetes' own edge cases", () => {
    for (const ok of ["5/15 * * * *", "0 +09-17/2 ? JAN-jun MON-fri", "0 0 * * 0", "*/100 * * * *"])
      assert.equal(kubernetesAccepts(ok), true, ok);
    for (const bad of ["0 0 * * 7", "0 22-2 * * *", "*/0 * * * *", "0 0 L * *", "TZ=UTC 0 * * * *", "@daily "])
      assert.equal(kubernetesAccepts(bad), false, bad);
  });
});
