#!/usr/bin/env python3
"""Man pages from the commands' own help: newsletter.1 and newsletter-COMMAND[-SUB].1 for
every subcommand `newsletter … --help` lists, written to OUT_DIR (gzipped when --gzip).

    Scripts/make-man.py BINARY OUT_DIR [--gzip] [--date YYYY-MM-DD]
"""
import gzip
import os
import re
import subprocess
import sys


def help_text(binary, path):
    out = subprocess.run([binary, *path, "--help"], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "COLUMNS": "80"})
    return out.stdout


def sections(text):
    """(heading, lines) pairs: OVERVIEW, USAGE, ARGUMENTS, OPTIONS, SUBCOMMANDS, …"""
    out, heading, lines = [], None, []
    for line in text.splitlines():
        m = re.match(r"^([A-Z][A-Z ]+):\s*(.*)$", line)
        if m and not line.startswith(" "):
            if heading:
                out.append((heading, lines))
            heading, lines = m.group(1), ([m.group(2)] if m.group(2) else [])
        else:
            lines.append(line)
    if heading:
        out.append((heading, lines))
    return out


def roff(text):
    text = text.replace("\\", "\\\\")
    return "\n".join(("\\&" + l if l.startswith((".", "'")) else l) for l in text.split("\n"))


def subcommands(lines):
    names = []
    for line in lines:
        m = re.match(r"^  ([a-z][a-z0-9-]*)\b", line)
        if m and m.group(1) != "help":
            names.append(m.group(1))
    return names


def page(binary, path, date, version):
    text = help_text(binary, path)
    parts = sections(text)
    title = "-".join(["newsletter", *path])
    lines = next((ls for h, ls in parts if h == "OVERVIEW"), [])
    blank = next((i for i, l in enumerate(lines) if not l.strip()), len(lines))
    overview = " ".join(l.strip() for l in lines[:blank])
    description = "\n".join(lines[blank:]).strip("\n")
    out = [f'.TH "{title.upper()}" "1" "{date}" "newsletter {version}" "newsletter manual"',
           ".SH NAME", f"{roff(title)} \\- {roff(overview) or 'the newsletter command'}"]
    if description:
        out += [".SH DESCRIPTION", ".nf", roff(description), ".fi"]
    children = []
    for heading, lines in parts:
        if heading == "OVERVIEW":
            continue
        if heading == "SUBCOMMANDS":
            children = subcommands(lines)
        body = "\n".join(lines).strip("\n")
        if heading == "USAGE":
            out += [".SH SYNOPSIS", ".nf", roff(body.strip()), ".fi"]
            continue
        out += [f".SH {heading}", ".nf", roff(body), ".fi"]
    if not path:
        out += [".SH FILES", ".TP", "/etc/newsletter/newsletter.toml", "The settings (a conffile).",
                ".TP", "/etc/newsletter/newsletter.env", "Secrets as KEY=value lines, read by the systemd units.",
                ".TP", "/var/lib/newsletter", "The store, its secret key and the outbox (the newsletter user's)."]
    see = [f"newsletter-{'-'.join([*path, c])}(1)" for c in children] or ["newsletter(1)"]
    out += [".SH SEE ALSO", ", ".join(roff(s) for s in see)]
    return title, "\n".join(out) + "\n", children


def main():
    binary, out_dir = sys.argv[1], sys.argv[2]
    zipped = "--gzip" in sys.argv
    date = sys.argv[sys.argv.index("--date") + 1] if "--date" in sys.argv else "2026-12-06"
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip().split()[-1]
    os.makedirs(out_dir, exist_ok=True)
    queue, written = [[]], []
    while queue:
        path = queue.pop(0)
        title, text, children = page(binary, path, date, version)
        name = os.path.join(out_dir, title + ".1")
        if zipped:
            with open(name + ".gz", "wb") as f:
                f.write(gzip.compress(text.encode(), mtime=0))
        else:
            open(name, "w").write(text)
        written.append(title)
        queue += [[*path, c] for c in children]
    print(f"{len(written)} man pages in {out_dir}")


main()
