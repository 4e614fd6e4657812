#!/usr/bin/env python3
"""Execute a notebook with Jupyter's own client (nbclient) and, for its widgets, act as a frontend.

Usage: drive_notebook.py --kernel NAME --notebook IN.ipynb --out OUT.ipynb --report REPORT.json
                         --spec ipywidgets-8-models.json [--timeout S] [--click-buttons]

1. Runs every cell with nbclient (widget state stored), recording each cell's time and first error,
   and every comm message the kernel sends during the cells.
2. Checks each comm_open against the widget protocol 2.1.0 (target, metadata version, data.state and
   data.buffer_paths) and its state against the ipywidgets 8 model table (--spec); checks that every
   widget view displayed names an opened model with version 2.0.
3. For every interact (a VBox whose children are a VBox of controls and an OutputModel), as a frontend
   would: moves the first control to another valid value (update), waits for the kernel's echo_update
   and for a new result in the output area; then sends an out-of-range or wrong-typed value and waits
   for the reset and the message in the output area. With --click-buttons, clicks every button
   (custom {"event": "click"}) and records the updates that follow.
4. Checks that the kernel still answers (1 + 1), writes the executed notebook (with
   metadata.widgets["application/vnd.jupyter.widget-state+json"]) and a JSON report for the Java test.

The report holds facts; the assertions are the Java test's (JupyterProtocolTest).
"""
import argparse
import json
import os
import sys
import time
import traceback

import nbformat
from jupyter_client import BlockingKernelClient
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

VIEW = "application/vnd.jupyter.widget-view+json"
STATE = "application/vnd.jupyter.widget-state+json"
CONTROLS = {"IntSliderModel", "FloatSliderModel", "FloatLogSliderModel", "DropdownModel", "CheckboxModel",
            "ToggleButtonModel", "TextModel"}


class RecordingClient(NotebookClient):
    """nbclient, keeping every comm message and widget view the kernel sends while a cell runs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.comm_messages = []
        self.views = []

    def process_message(self, msg, cell, cell_index):
        t = msg["msg_type"]
        if t in ("comm_open", "comm_msg", "comm_close"):
            self.comm_messages.append(msg)
        elif t in ("display_data", "update_display_data", "execute_result") and VIEW in msg["content"].get("data", {}):
            self.views.append(msg["content"]["data"][VIEW])
        return super().process_message(msg, cell, cell_index)


def type_problem(value, type_, model_of):
    nullable = type_.endswith("?")
    t = type_[:-1] if nullable else type_
    if value is None:
        return None if nullable else "null not allowed"
    if t.startswith("ref:") or t == "refs":
        refs = value if t == "refs" else [value]
        if t == "refs" and not isinstance(value, list):
            return "not an array"
        for r in refs:
            if not (isinstance(r, str) and r.startswith("IPY_MODEL_")):
                return "not a widget reference"
            target = model_of.get(r[len("IPY_MODEL_"):])
            if target is None:
                return "refers to a model not opened before"
            if t != "refs" and target != t[4:]:
                return "refers to a %s, not a %s" % (target, t[4:])
        return None
    ok = {"string": isinstance(value, str), "bool": isinstance(value, bool),
          "int": type(value) is int, "float": isinstance(value, (int, float)) and not isinstance(value, bool),
          "array": isinstance(value, list)}.get(t)
    if ok is None:
        return "unknown type in the spec"
    return None if ok else "not a " + t


def check_open(msg, spec, model_of):
    """Problems of one comm_open against the protocol and the model table."""
    problems = []
    content = msg["content"]
    if content.get("target_name") != "jupyter.widget":
        problems.append("target_name %r" % content.get("target_name"))
    if msg.get("metadata", {}).get("version") != spec["protocol_version"]:
        problems.append("metadata.version %r, not %r" % (msg.get("metadata", {}).get("version"), spec["protocol_version"]))
    data = content.get("data", {})
    if sorted(data) != ["buffer_paths", "state"]:
        problems.append("data keys %s" % sorted(data))
    if data.get("buffer_paths") != []:
        problems.append("buffer_paths %r with no buffers" % data.get("buffer_paths"))
    state = data.get("state", {})
    name = state.get("_model_name")
    model = spec["models"].get(name)
    if model is None:
        return problems + ["unknown model %r" % name]
    keys = model["keys"]
    if set(keys) != set(state):
        problems.append("%s: keys missing %s, unexpected %s" % (name, sorted(set(keys) - set(state)), sorted(set(state) - set(keys))))
    for k_spec, k_state in (("model_module", "_model_module"), ("model_module_version", "_model_module_version"),
                            ("view_name", "_view_name"), ("view_module", "_view_module"),
                            ("view_module_version", "_view_module_version")):
        if state.get(k_state) != model[k_spec]:
            problems.append("%s: %s is %r, the spec says %r" % (name, k_state, state.get(k_state), model[k_spec]))
    for k, t in keys.items():
        if k in state:
            p = type_problem(state[k], t, model_of)
            if p:
                problems.append("%s.%s = %r: %s (spec: %s)" % (name, k, state[k], p, t))
    return problems


class Frontend:
    """A second client on the kernel's channels that talks to widgets as a page does."""

    def __init__(self, connection_file):
        self.kc = BlockingKernelClient(connection_file=connection_file)
        self.kc.load_connection_file()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        time.sleep(0.5)  # let the IOPub subscription settle

    def send(self, comm_id, data):
        msg = self.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
        self.kc.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def collect(self, seconds, until=None, quiet=None):
        """IOPub comm messages for up to `seconds`; stops early when until(msgs) holds and, if `quiet`
        is given, no message came for `quiet` seconds."""
        msgs, start, last = [], time.time(), time.time()
        while time.time() - start < seconds:
            try:
                m = self.kc.get_iopub_msg(timeout=0.2)
            except Exception:
                m = None
            now = time.time()
            if m is not None and m["msg_type"] in ("comm_msg", "comm_open", "comm_close"):
                m["_t"] = now - start
                msgs.append(m)
                last = now
            if until is not None and until(msgs) and (quiet is None or now - last >= quiet):
                break
        return msgs

    def alive(self):
        msg_id = self.kc.execute("1 + 1", store_history=False)
        reply = self.kc.get_shell_msg(timeout=60)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=60)
        return reply["content"].get("status") == "ok"

    def close(self):
        self.kc.stop_channels()


def updates(msgs, comm_id, method="update"):
    return [m["content"]["data"]["state"] for m in msgs
            if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id
            and m["content"]["data"].get("method") == method]


def other_value(state):
    """A valid value different from the current one, as a frontend would send after a drag or a click."""
    name = state["_model_name"]
    if name == "IntSliderModel":
        return "value", state["min"] if state["value"] != state["min"] else state["max"]
    if name == "FloatSliderModel":
        return "value", state["min"] if state["value"] != state["min"] else state["max"]
    if name == "FloatLogSliderModel":
        lo = state["base"] ** state["min"]
        return "value", lo if abs(state["value"] - lo) > 1e-12 * lo else state["base"] ** state["max"]
    if name == "DropdownModel":
        return "index", (state["index"] + 1) % len(state["_options_labels"])
    if name in ("CheckboxModel", "ToggleButtonModel"):
        return "value", not state["value"]
    if name == "TextModel":
        return "value", state["value"] + " changed"
    return None, None


def bad_value(state):
    """An out-of-range or wrong-typed value for the control."""
    name = state["_model_name"]
    if name == "IntSliderModel":
        return "value", state["max"] + 1000
    if name == "FloatSliderModel":
        return "value", state["max"] + (state["max"] - state["min"])
    if name == "FloatLogSliderModel":
        return "value", state["base"] ** state["max"] * 1000
    if name == "DropdownModel":
        return "index", len(state["_options_labels"]) + 3
    if name in ("CheckboxModel", "ToggleButtonModel"):
        return "value", "yes"
    return "value", 12345


def outputs_text(outputs):
    return "".join(o.get("text", "") if o.get("output_type") == "stream" else o.get("data", {}).get("text/plain", "")
                   for o in outputs)


def images(outputs):
    return [o["data"]["image/png"] for o in outputs if "image/png" in o.get("data", {})]


def drive_interact(front, state, box_id, timeout):
    """Moves a control of one interact and sends it a bad value; returns what happened."""
    children = [c[len("IPY_MODEL_"):] for c in state[box_id]["children"]]
    controls_box, output_id = children[0], children[1]
    controls = [c[len("IPY_MODEL_"):] for c in state[controls_box]["children"]]
    report = {"controls": [state[c].get("description") for c in controls], "output": output_id}
    before = state[output_id]["outputs"]
    report["initial_images"] = len(images(before))
    movable = [c for c in controls if state[c]["_model_name"] in CONTROLS and other_value(state[c])[0]]
    if not movable:
        report["error"] = "no control to move"
        return report
    cid = movable[0]
    key, value = other_value(state[cid])
    moved = {"control": state[cid]["description"], "model": state[cid]["_model_name"], "key": key,
             "from": state[cid][key], "to": value}
    sent_at = time.time()
    front.send(cid, {"method": "update", "state": {key: value}, "buffer_paths": []})

    def result_seen(msgs):
        return any("outputs" in u and u["outputs"] != before for u in updates(msgs, output_id))

    msgs = front.collect(timeout, until=result_seen, quiet=3.0)
    echoes = updates(msgs, cid, "echo_update")
    moved["echo"] = any(e.get(key) == value for e in echoes)
    outs = [u["outputs"] for u in updates(msgs, output_id) if "outputs" in u]
    changed = [m["_t"] for m in msgs if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == output_id
               and "outputs" in m["content"]["data"].get("state", {}) and m["content"]["data"]["state"]["outputs"] != before]
    moved["updates_of_output"] = len(outs)
    moved["first_result_seconds"] = round(changed[0], 3) if changed else None
    moved["final_result_seconds"] = round(changed[-1], 3) if changed else None
    final = outs[-1] if outs else before
    moved["result_changed"] = bool(outs) and final != before
    moved["final_images"] = len(images(final))
    moved["new_image"] = bool(images(final)) and images(final) != images(before)
    moved["final_text"] = outputs_text(final)[-500:]
    moved["wall_seconds"] = round(time.time() - sent_at, 3)
    report["moved"] = moved
    state[cid][key] = value
    before = final

    bkey, bad = bad_value(state[cid])
    front.send(cid, {"method": "update", "state": {bkey: bad}, "buffer_paths": []})

    def rejection_seen(msgs):
        return updates(msgs, cid) and any("outputs" in u and "stderr" in json.dumps(u["outputs"]) for u in updates(msgs, output_id))

    msgs = front.collect(timeout, until=rejection_seen)
    resets = [u for u in updates(msgs, cid) if bkey in u]
    errs = [u["outputs"] for u in updates(msgs, output_id) if "outputs" in u]
    report["rejected"] = {"control": state[cid]["description"], "key": bkey, "sent": bad,
                          "echoed": any(bkey in e for e in updates(msgs, cid, "echo_update")),
                          "reset_to": resets[-1][bkey] if resets else None, "expected_reset": state[cid][bkey],
                          "message": "".join(o.get("text", "") for o in errs[-1] if o.get("name") == "stderr") if errs else None}
    return report


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--notebook", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--report", required=True)
    ap.add_argument("--spec", required=True)
    ap.add_argument("--timeout", type=float, default=90)
    ap.add_argument("--click-buttons", action="store_true")
    a = ap.parse_args()
    spec = json.load(open(a.spec))
    nb = nbformat.read(a.notebook, as_version=4)
    report = {"notebook": a.notebook, "cells": [], "executed": False}
    t0 = time.time()
    client = RecordingClient(nb, kernel_name=a.kernel, timeout=int(a.timeout), startup_timeout=120,
                             resources={"metadata": {"path": os.path.dirname(os.path.abspath(a.notebook))}})
    try:
        with client.setup_kernel():
            report["kernel_start_seconds"] = round(time.time() - t0, 3)
            count = 0
            for i, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                count += 1
                c0 = time.time()
                entry = {"index": i, "seconds": None, "error": None}
                report["cells"].append(entry)
                try:
                    client.execute_cell(cell, i, execution_count=count)
                except CellExecutionError as e:
                    errs = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
                    entry["error"] = ("%s: %s" % (errs[0]["ename"], errs[0]["evalue"]) if errs else str(e).splitlines()[0])
                    entry["traceback"] = "\n".join(errs[0].get("traceback", [])) if errs else str(e)
                    break
                except (CellTimeoutError, DeadKernelError) as e:
                    entry["error"] = "%s: %s" % (type(e).__name__, str(e).splitlines()[0])
                    entry["traceback"] = "the cell did not finish within %s s (or the kernel died):\n%s" % (a.timeout, cell.source)
                    break
                finally:
                    entry["seconds"] = round(time.time() - c0, 3)
            report["executed"] = all(c["error"] is None for c in report["cells"])
            client.set_widgets_metadata()

            # the protocol of what the kernel sent while the cells ran
            model_of, problems = {}, []
            for m in client.comm_messages:
                if m["msg_type"] == "comm_open":
                    problems += check_open(m, spec, model_of)
                    model_of[m["content"]["comm_id"]] = m["content"]["data"].get("state", {}).get("_model_name")
            report["comm_opens"] = sum(1 for m in client.comm_messages if m["msg_type"] == "comm_open")
            report["open_problems"] = problems
            report["display_problems"] = [
                "view %r" % v for v in client.views
                if v.get("model_id") not in model_of or v.get("version_major") != 2 or v.get("version_minor") != 0]
            report["views"] = len(client.views)

            state = {k: dict(v) for k, v in client.widget_state.items()}
            boxes = [k for k, s in state.items() if s.get("_model_name") == "VBoxModel" and len(s.get("children", [])) == 2
                     and state.get(s["children"][1][len("IPY_MODEL_"):], {}).get("_model_name") == "OutputModel"
                     and state.get(s["children"][0][len("IPY_MODEL_"):], {}).get("_model_name") == "VBoxModel"]
            report["interacts"] = []
            report["buttons"] = []
            if report["executed"] and (boxes or (a.click_buttons and state)):
                front = Frontend(client.km.connection_file)
                try:
                    for box in boxes:
                        report["interacts"].append(drive_interact(front, state, box, a.timeout))
                    if a.click_buttons:
                        for bid, s in state.items():
                            if s.get("_model_name") != "ButtonModel":
                                continue
                            front.send(bid, {"method": "custom", "content": {"event": "click"}})
                            msgs = front.collect(min(a.timeout, 30), until=lambda ms: True, quiet=3.0)
                            report["buttons"].append({"description": s.get("description"), "updates": [
                                {"model": state.get(m["content"]["comm_id"], {}).get("_model_name"),
                                 "method": m["content"]["data"].get("method"), "state": m["content"]["data"].get("state")}
                                for m in msgs if m["msg_type"] == "comm_msg" and "state" in m["content"]["data"]
                                and "outputs" not in m["content"]["data"]["state"]]
                                + [{"model": "OutputModel", "method": "update", "state": {"outputs_changed": True}}
                                   for m in msgs[-1:] if m["msg_type"] == "comm_msg" and "outputs" in m["content"]["data"].get("state", {})]})
                    report["alive"] = front.alive()
                finally:
                    front.close()
    except Exception as e:  # a kernel that does not start, a client error: reported, not hidden
        report["driver_error"] = "%s: %s" % (type(e).__name__, e)
        report["driver_traceback"] = traceback.format_exc()
    report["seconds"] = round(time.time() - t0, 3)
    stored = nb.metadata.get("widgets", {}).get(STATE)
    report["stored_widget_state"] = None if stored is None else {
        "version_major": stored.get("version_major"), "version_minor": stored.get("version_minor"),
        "models": sorted(s["model_name"] for s in stored["state"].values())}
    nbformat.write(nb, a.out)
    with open(a.report, "w") as f:
        json.dump(report, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
