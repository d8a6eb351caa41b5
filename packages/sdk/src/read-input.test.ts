import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { isPlantonError } from "./error.js";
import { decodeUtf8, notUtf8, readInputBytes, readInputText, readStreamBytes } from "./read-input.js";

const dir = mkdtempSync(join(tmpdir(), "planton-read-input-"));
after(() => rmSync(dir, { recursive: true, force: true }));

function refusal(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    assert.ok(isPlantonError(e), String(e));
    return { code: e.code, message: e.message };
  }
  assert.fail("no error");
}

describe("the bounded reader", () => {
  test("reads a regular file, as UTF-8 text without its byte order mark", () => {
    const file = join(dir, "a.yaml");
    writeFileSync(file, "\ufeffkind: KubernetesJob\n");
    assert.equal(readInputText(file), "kind: KubernetesJob\n");
  });

  test("refuses directories and devices as environment errors, without reading them", () => {
    assert.deepEqual(
      refusal(() => readInputBytes(dir)),
      {
        code: "ERR_PLANTON_IO",
        message: `cannot read ${dir}: it is a directory, not a file`,
      },
    );
    assert.match(refusal(() => readInputBytes("/dev/zero")).message, /it is a character device, not a file$/);
  });

  test("a named pipe without a writer is an error at once, not a wait", () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    assert.match(refusal(() => readInputBytes(fifo)).message, /it is a pipe and nothing was written to it$/);
  });

  test("the size limit holds for regular files (before reading) and streams (while reading)", async () => {
    const file = join(dir, "big.yaml");
    writeFileSync(file, "x".repeat(11));
    assert.deepEqual(
      refusal(() => readInputBytes(file, { limit: 10 })),
      {
        code: "ERR_PLANTON_INVALID_MANIFEST",
        message: `${file}: the input is larger than 10 bytes`,
      },
    );
    async function* endless() {
      for (;;) yield Buffer.from("y\n");
    }
    let destroyed = false;
    await assert.rejects(
      readStreamBytes(endless(), { limit: 1000, destroy: () => (destroyed = true) }),
      /<stdin>: the input is larger than 1000 bytes/,
    );
    assert.ok(destroyed);
  });

  test("bytes that are not UTF-8 are an error with their line and column; NUL bytes are left to the parser", () => {
    const bytes = Buffer.concat([Buffer.from("a: 1\nb: x"), Buffer.from([0xe9]), Buffer.from("\n")]);
    assert.deepEqual(notUtf8(bytes), { line: 2, column: 5, what: "not UTF-8 text (byte 0xe9 at offset 9)" });
    assert.equal(
      refusal(() => decodeUtf8(bytes, "f.yaml")).message,
      "f.yaml:2:5: the input is not UTF-8 text (byte 0xe9 at offset 9)",
    );
    for (const bad of [[0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf5, 0x80, 0x80, 0x80], [0xe2, 0x82]]) {
      assert.equal(notUtf8(Buffer.from(bad))?.column, 1, String(bad));
    }
    assert.equal(notUtf8(Buffer.from("é ✓ 𝄞")), undefined);
    assert.equal(decodeUtf8(Buffer.from([0x61, 0x00, 0xe9]), "f"), "a\u0000\ufffd");
  });
});
