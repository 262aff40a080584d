#!/usr/bin/env python3
"""Editor check: does a real YAML language server complete and flag scenario files with
the JSON Schema that `boundcheck rules schema scenario` prints?

Usage: python3 tests/tools/lsp_check.py SCHEMA_JSON_FILE [--unknown-key]

It drives `yaml-language-server` (pinned in tests/tools/lsp/package-lock.json) the way an
editor does, over LSP JSON-RPC on stdio, spoken here with the standard library only:
  1. completion at the end of `  contact: ` offers `gift`, `message` and `social_media`;
  2. `  contact: gfit` is reported on that line (textDocument/publishDiagnostics);
  3. `  contact: gift` is not (a control: the schema does not reject everything);
  4. with --unknown-key, an unknown question id `afterhours:` under `answers:` is reported
     (only meaningful when the schema says additionalProperties: false there).

It installs the server itself (`npm ci` from the lockfile, npm registry only) when
tests/tools/lsp/node_modules is missing. The server runs inside a new network namespace
(`unshare -n`) where that is allowed (root, as in CI), so a schema store or any other fetch
cannot happen; elsewhere it runs as is, with the schema store switched off.
Every wait is bounded, and the server is always killed at the end. Exit 0 on success,
1 on a failed check, 2 on bad usage or a broken setup.
"""
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LSP_DIR = HERE / "lsp"
SERVER = LSP_DIR / "node_modules" / ".bin" / "yaml-language-server"

# The settings an editor would hold. The schema store is off: with it on, the server
# fetches a catalogue from the network at start.
SETTINGS = {
    "yaml": {
        "schemaStore": {"enable": False},
        "validate": True,
        "completion": True,
        "hover": True,
        "format": {"enable": False},
        "yamlVersion": "1.2",  # as boundcheck reads files: `no` is text, not false
    }
}

HEADER = "# yaml-language-server: $schema=./scenario.schema.json\n"
CONTACT_LINE = 3  # 0-based: header, `answers:`, `imminent_risk`, then `contact`
CONTACT_PREFIX = "  contact: "


def document(contact_value, extra=""):
    return HEADER + "answers:\n  imminent_risk: no\n" + CONTACT_PREFIX + contact_value + "\n" + extra


class CheckFailed(Exception):
    pass


PASSED = []


def ok(message):
    PASSED.append(message)
    print(f"ok   {message}", flush=True)


class SetupError(Exception):
    pass


class Server:
    """A language server child process and a JSON-RPC connection to it."""

    def __init__(self, argv, cwd, workspace_folders):
        self.workspace_folders = workspace_folders  # set before the reader thread may need it
        self.proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its own process group, so kill() takes any child too
        )
        self.next_id = 0
        self.write_lock = threading.Lock()
        self.responses = {}  # id -> message
        self.diagnostics = []  # every publishDiagnostics params, in arrival order
        self.log = []  # window/logMessage and showMessage texts, for failure reports
        self.stderr = []
        self.cond = threading.Condition()
        self.closed = False
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # -- wire format: `Content-Length: N\r\n\r\n` then N bytes of UTF-8 JSON --------------
    def _send(self, message):
        body = json.dumps(message).encode("utf-8")
        frame = b"Content-Length: %d\r\n\r\n" % len(body) + body
        with self.write_lock:
            try:
                self.proc.stdin.write(frame)
                self.proc.stdin.flush()
            except (BrokenPipeError, OSError) as e:
                raise CheckFailed(f"the server stopped reading ({e}){self.tail()}")

    def _read_frame(self, stream):
        length = None
        while True:
            line = stream.readline()
            if not line:
                return None  # end of stream
            line = line.strip()
            if not line:
                break  # blank line ends the header
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            raise ValueError("frame without Content-Length")
        body = b""
        while len(body) < length:
            chunk = stream.read(length - len(body))
            if not chunk:
                return None
            body += chunk
        return json.loads(body.decode("utf-8"))

    def _read_stdout(self):
        try:
            while True:
                msg = self._read_frame(self.proc.stdout)
                if msg is None:
                    break
                self._dispatch(msg)
        except Exception as e:  # a garbled frame: record it, stop reading
            self.log.append(f"client: cannot read the server's output: {e!r}")
        finally:
            with self.cond:
                self.closed = True
                self.cond.notify_all()

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace").rstrip())

    def _dispatch(self, msg):
        method = msg.get("method")
        if method is not None and "id" in msg:
            self._answer_server_request(msg)
        elif method is not None:
            params = msg.get("params") or {}
            with self.cond:
                if method == "textDocument/publishDiagnostics":
                    self.diagnostics.append(params)
                elif method in ("window/logMessage", "window/showMessage"):
                    self.log.append(str(params.get("message", "")))
                self.cond.notify_all()
        else:
            with self.cond:
                self.responses[msg.get("id")] = msg
                self.cond.notify_all()

    def _answer_server_request(self, msg):
        """The server asks the client things; an editor answers them, so do we."""
        method, params = msg["method"], msg.get("params") or {}
        if method == "workspace/configuration":
            result = [lookup(SETTINGS, item.get("section")) for item in params.get("items", [])]
        elif method in ("client/registerCapability", "client/unregisterCapability",
                        "window/workDoneProgress/create"):
            result = None
        elif method == "workspace/workspaceFolders":
            result = self.workspace_folders
        else:
            self._send({"jsonrpc": "2.0", "id": msg["id"],
                        "error": {"code": -32601, "message": f"not handled: {method}"}})
            return
        self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})

    # -- the client side ---------------------------------------------------------------
    def request(self, method, params, timeout):
        self.next_id += 1
        rid = self.next_id
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        with self.cond:
            while rid not in self.responses:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CheckFailed(f"no answer to {method} within {timeout:.0f} s{self.tail()}")
                if self.closed:
                    raise CheckFailed(f"the server exited before answering {method}{self.tail()}")
                self.cond.wait(left)
            msg = self.responses.pop(rid)
        if "error" in msg:
            raise CheckFailed(f"{method} failed: {msg['error']}{self.tail()}")
        return msg.get("result")

    def notify(self, method, params):
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_diagnostics(self, uri, accept, timeout, since=0):
        """The first publishDiagnostics for `uri` at or after index `since` that `accept`
        approves, or None when `timeout` seconds pass without one."""
        deadline = time.monotonic() + timeout
        seen = since
        with self.cond:
            while True:
                for params in self.diagnostics[seen:]:
                    if params.get("uri") == uri and accept(params):
                        return params
                seen = len(self.diagnostics)
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    return None
                self.cond.wait(left)

    def last(self, uri):
        with self.cond:
            reports = [p for p in self.diagnostics if p.get("uri") == uri]
        return reports[-1] if reports else None

    def tail(self):
        lines = [f"  server log: {m}" for m in self.log[-10:]]
        lines += [f"  server stderr: {m}" for m in self.stderr[-10:]]
        return ("\n" + "\n".join(lines)) if lines else ""

    def stop(self):
        """Ask politely (shutdown, exit) for a moment, then kill the process group."""
        if self.proc.poll() is None and not self.closed:
            try:
                self.request("shutdown", None, timeout=3)
                self.notify("exit", None)
                self.proc.wait(timeout=3)
            except Exception:
                pass
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=5)


def lookup(settings, section):
    """workspace/configuration: the value at a dotted section ("yaml", "yaml.validate"),
    the whole settings for no section, and null for sections we do not hold ("[yaml]")."""
    if not section:
        return settings
    value = settings
    for part in section.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def ensure_server():
    if SERVER.exists():
        return
    if not shutil.which("npm"):
        raise SetupError("npm is not on PATH (Node 20 and npm are needed to install yaml-language-server)")
    print(f"lsp_check: installing the pinned yaml-language-server (npm ci --prefix {LSP_DIR})", flush=True)
    try:
        done = subprocess.run(
            ["npm", "ci", "--prefix", str(LSP_DIR), "--no-audit", "--no-fund", "--loglevel=error"],
            capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        raise SetupError("npm ci did not finish within 600 s")
    if done.returncode != 0 or not SERVER.exists():
        raise SetupError(f"npm ci failed (exit {done.returncode}):\n{done.stdout}{done.stderr}")


def isolated(argv):
    """Run argv with no network where a new network namespace can be made (root)."""
    if shutil.which("unshare"):
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
        if probe.returncode == 0:
            return ["unshare", "-n"] + argv, True
    return argv, False


def on_line(params, line):
    return [d for d in params.get("diagnostics", []) if d["range"]["start"]["line"] <= line <= d["range"]["end"]["line"]]


def covering(params, line, start, end):
    """Diagnostics on `line` whose range overlaps the characters start..end."""
    return [d for d in params.get("diagnostics", [])
            if d["range"]["start"]["line"] == line == d["range"]["end"]["line"]
            and d["range"]["start"]["character"] < end and d["range"]["end"]["character"] > start]


def brief(diagnostic, width=90):
    text = " ".join(str(diagnostic.get("message", "")).split())
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def describe(params):
    diags = params.get("diagnostics", []) if params else []
    if not diags:
        return "  (no diagnostics)"
    return "\n".join(f"  line {d['range']['start']['line'] + 1}:{d['range']['start']['character'] + 1}: {d.get('message')}"
                     for d in diags)


def run_checks(schema_file, unknown_key):
    work = Path(tempfile.mkdtemp(prefix="boundcheck-lsp-"))
    server = None
    try:
        shutil.copyfile(schema_file, work / "scenario.schema.json")
        case = work / "case.yaml"
        text = document("")
        case.write_text(text, encoding="utf-8")
        uri = case.as_uri()
        root_uri = work.as_uri()

        argv, no_net = isolated([str(SERVER), "--stdio"])
        print(f"lsp_check: starting yaml-language-server{' with no network (unshare -n)' if no_net else ''}", flush=True)
        server = Server(argv, cwd=str(work), workspace_folders=[{"uri": root_uri, "name": "scenario"}])

        init = server.request("initialize", {
            "processId": os.getpid(),
            "rootUri": root_uri,
            "workspaceFolders": server.workspace_folders,
            "initializationOptions": SETTINGS,
            "capabilities": {
                "workspace": {"configuration": True, "didChangeConfiguration": {"dynamicRegistration": False},
                              "workspaceFolders": True},
                "textDocument": {
                    "synchronization": {"dynamicRegistration": False},
                    "completion": {"completionItem": {"snippetSupport": False}},
                    "publishDiagnostics": {"versionSupport": True},
                },
            },
        }, timeout=30)
        if not (init or {}).get("capabilities", {}).get("completionProvider"):
            raise CheckFailed(f"the server offers no completion: {json.dumps(init)[:400]}")
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": SETTINGS})

        version = 1
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": version, "text": text}})

        # Let the server read the schema and validate the opened text first (not required:
        # the checks below wait for what they need).
        server.wait_diagnostics(uri, lambda p: True, 10)

        # 1. Completion at the end of `  contact: `. Should the schema still be loading, the
        #    first answer can come without it: ask again for up to 20 s.
        position = {"line": CONTACT_LINE, "character": len(CONTACT_PREFIX)}
        wanted = {"gift", "message", "social_media"}
        labels = []
        deadline = time.monotonic() + 20
        while True:
            result = server.request("textDocument/completion",
                                    {"textDocument": {"uri": uri}, "position": position}, timeout=20)
            items = result.get("items", []) if isinstance(result, dict) else (result or [])
            labels = sorted({str(i.get("label")) for i in items})
            if wanted <= set(labels) or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        if not wanted <= set(labels):
            raise CheckFailed(f"completion after `contact: ` lacks {sorted(wanted - set(labels))}; "
                              f"labels offered: {labels}{server.tail()}")
        ok(f"completion after `contact: ` offers {', '.join(sorted(wanted))} ({len(labels)} labels)")

        def change(new_text):
            nonlocal version
            version += 1
            mark = len(server.diagnostics)
            # A change with no range replaces the whole text, under either sync kind.
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [{"text": new_text}]})
            return mark

        # The server does not say which version a report is for, and a report for an
        # earlier text can arrive after a change. So each check waits for a report that
        # only the new text can produce, and fails if none comes within 20 s.

        # 2. A misspelt answer value is flagged on its own line, over the word itself (the
        #    empty `contact: ` before it gives a zero-width diagnostic at the same place).
        start = len(CONTACT_PREFIX)
        mark = change(document("gfit"))
        got = server.wait_diagnostics(uri, lambda p: covering(p, CONTACT_LINE, start, start + 4), 20, mark)
        if not got:
            raise CheckFailed(f"no diagnostic on line {CONTACT_LINE + 1} for `contact: gfit` within 20 s; "
                              f"the server last reported:\n{describe(server.last(uri))}{server.tail()}")
        ok(f"`contact: gfit` flagged: {brief(covering(got, CONTACT_LINE, start, start + 4)[0])}")

        # 3. Control: the right value is not flagged (the schema does not reject everything).
        # 4. With --unknown-key, in the same text, an unknown question id is flagged on its line.
        extra = "  afterhours: yes\n" if unknown_key else ""
        key_line = CONTACT_LINE + 1

        def fixed(p):
            return not on_line(p, CONTACT_LINE) and (not unknown_key or on_line(p, key_line))

        mark = change(document("gift", extra))
        got = server.wait_diagnostics(uri, fixed, 20, mark)
        if not got:
            last = server.last(uri)
            if unknown_key and last and not on_line(last, CONTACT_LINE):
                raise CheckFailed(f"unknown key `afterhours:` under answers: is not flagged on line "
                                  f"{key_line + 1}; the server reported:\n{describe(last)}")
            raise CheckFailed(f"`contact: gift` is a valid answer, but within 20 s no report came without a "
                              f"problem on line {CONTACT_LINE + 1}; the server last reported:\n{describe(last)}"
                              f"{server.tail()}")
        ok("`contact: gift` not flagged")
        if unknown_key:
            ok(f"unknown key `afterhours:` flagged: {brief(on_line(got, key_line)[0])}")
    finally:
        if server:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("schema", help="the scenario JSON Schema (from `boundcheck rules schema scenario`)")
    parser.add_argument("--unknown-key", action="store_true",
                        help="also check that an unknown question id under answers: is flagged "
                             "(needs additionalProperties: false there)")
    args = parser.parse_args()
    try:
        with open(args.schema, encoding="utf-8") as f:
            json.load(f)
    except (OSError, ValueError) as e:
        print(f"lsp_check: cannot use {args.schema} as a JSON Schema: {e}", file=sys.stderr)
        return 2
    try:
        ensure_server()
        run_checks(args.schema, args.unknown_key)
    except SetupError as e:
        print(f"lsp_check: setup failed: {e}", file=sys.stderr)
        return 2
    except CheckFailed as e:
        # The checks build on each other, so the first failure ends the run.
        print(f"FAIL {e}", flush=True)
        print(f"lsp_check: {len(PASSED)} passed, 1 failed")
        return 1
    print(f"lsp_check: {len(PASSED)} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
