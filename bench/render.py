#!/usr/bin/env python3
"""Turns bench/run.sh's measurements into bench/results/latest.md and latest.json.

Input: a TSV of measurements (operation, tool, median seconds or FAILED, runs, detail), in the
order they were taken, and a TSV of peers (tool, version or "missing").
Usage: render.py MEASUREMENTS PEERS TITLE OUT_MD OUT_JSON RUNS
"""
import json
import sys

PEERS = ["git-lfs", "git-annex", "rclone"]


def seconds(text):
    try:
        return float(text)
    except ValueError:
        return None


def load(measurements_path, peers_path):
    peers = {}
    with open(peers_path) as f:
        for line in f:
            tool, version = line.rstrip("\n").split("\t")
            peers[tool] = None if version == "missing" else version
    rows = {}
    with open(measurements_path) as f:
        for line in f:
            op, tool, median, runs, detail = line.rstrip("\n").split("\t")
            row = rows.setdefault(op, {"operation": op, "dvj": None, "peers": {}, "limit": None, "note": ""})
            cell = {"seconds": seconds(median), "runs": int(runs), "failed": median == "FAILED"}
            if tool == "dvj":
                row["dvj"] = cell
                row["note"] = detail
            elif tool == "limit":
                row["limit"] = dict(cell, tool=detail)
            else:
                row["peers"][tool] = dict(cell, command=detail)
    for row in rows.values():
        dvj = row["dvj"]["seconds"] if row["dvj"] else None
        row["ratios"] = {}
        for tool, cell in row["peers"].items():
            if dvj is not None and cell["seconds"]:
                row["ratios"][tool] = round(dvj / cell["seconds"], 2)
    return peers, list(rows.values())


def cell_text(cell, runs):
    if cell is None:
        return ""
    if cell["failed"]:
        return "FAILED"
    text = "%.2f" % cell["seconds"]
    if cell["runs"] == 1 and runs > 1:
        return text + " (1 run)"
    # Short operations are run more often than the rest: say so where the count differs.
    return text + " (%d runs)" % cell["runs"] if cell["runs"] > runs else text


def markdown(title, runs, peers, rows):
    present = [p for p in PEERS if peers.get(p)]
    missing = [p for p in PEERS if not peers.get(p)]
    lines = ["# " + title, ""]
    timing = ("median of %d runs (a run over the long-run limit is not repeated: marked \"1 run\")" % runs
              if runs > 1 else "one run each")
    lines.append("Seconds of wall time, %s. \"—\": the peer has no equivalent. Ratio: dvj's time divided by "
                 "the peer's; below 1, dvj is faster." % timing)
    lines.append("")
    lines.append("Peers: " + ", ".join("%s %s" % (p, peers[p]) for p in present) + "." if present else "Peers: none installed.")
    if missing:
        lines.append("")
        lines.append("Missing, so their columns are empty: %s (`apt-get install %s`)." % (", ".join(missing), " ".join(missing)))
    lines.append("")
    lines.append("| operation | dvj | " + " | ".join(PEERS) + " | limit | dvj / peer | note |")
    lines.append("|---|---:|" + "---:|" * len(PEERS) + "---|---|---|")
    for row in rows:
        peer_cells = []
        for tool in PEERS:
            cell = row["peers"].get(tool)
            if not peers.get(tool):
                peer_cells.append("not installed")
            else:
                peer_cells.append(cell_text(cell, runs) if cell else "—")
        limit = row["limit"]
        limit_text = "%s (%s)" % (cell_text(limit, runs), limit["tool"]) if limit else ""
        ratios = ", ".join("%.2f %s" % (r, t) for t, r in row["ratios"].items())
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            row["operation"], cell_text(row["dvj"], runs), " | ".join(peer_cells), limit_text, ratios, row["note"]))
    if any(c["command"] for row in rows for c in row["peers"].values()):
        lines.append("")
        lines.append("Peer commands:")
        lines.append("")
        for row in rows:
            for tool, cell in row["peers"].items():
                if cell["command"]:
                    lines.append("- %s, %s: `%s`" % (row["operation"], tool, cell["command"]))
    return "\n".join(lines) + "\n"


def main():
    measurements, peers_path, title, out_md, out_json = sys.argv[1:6]
    runs = int(sys.argv[6])
    peers, rows = load(measurements, peers_path)
    text = markdown(title, runs, peers, rows)
    with open(out_md, "w") as f:
        f.write(text)
    with open(out_json, "w") as f:
        json.dump({"title": title, "runs": runs, "peers": peers, "rows": rows}, f, indent=2)
        f.write("\n")
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
