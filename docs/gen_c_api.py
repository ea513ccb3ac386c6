#!/usr/bin/env python3
"""Write the C API reference (docs/c_api/*.rst) from include/csat.h.

The header is the contract; this script only re-arranges it. Every page is one
section of the header (the blocks between the ``/* ==== */`` banners; what comes
before the first banner is the "basics" page), in header order. Inside a page:

- a ``/* ---- Title ---- */`` line (or a ``/* ---- */ /* Title */ /* ---- */``
  banner) becomes a heading;
- a comment followed by a blank line is prose (the section's own text);
- a ``/** doc comment */`` directly above a declaration is that declaration's
  documentation (a plain ``/* comment */`` stays prose in front of it);
- every ``CSAT_API`` function becomes a ``c:function``, every typedef a
  ``c:type`` (with its full definition, member comments included) and every
  ``#define`` a ``c:macro``, so they are all in the index and in objects.inv.

Comment text is kept word for word. A paragraph that is plain text is set as
text (with reStructuredText's special characters escaped and `x` set as code);
a paragraph with indented lines, a list or a formula is set as a literal block
exactly as the header lays it out.

Usage: gen_c_api.py [HEADER] [OUTDIR]   (defaults: ../include/csat.h, c_api/
next to this script). Run by docs/conf.py at every build. Prints nothing;
exits non-zero if a function declaration cannot be read.
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# Macros that are not API of their own (include guard) or that are documented
# once (the attribute macros are defined in several #if branches).
SKIP_MACROS = {"CSAT_H"}

PAGE_INTRO = {
    "basics": "Version, visibility, status codes, the allocator and the types that every "
              "section uses.",
}


class Comment:
    def __init__(self, text, line):
        self.text = text
        self.line = line


class Pre:
    def __init__(self, text, line, trailing=None):
        self.text = text
        self.line = line
        self.trailing = trailing


class Code:
    def __init__(self, text, line):
        self.text = text
        self.line = line


class Blank:
    pass


def scan(src):
    """The header as a list of Comment, Pre, Code and Blank (a blank line) items."""
    items = []
    i, n, line = 0, len(src), 1
    while i < n:
        c = src[i]
        if c == "\n":
            if _line_blank(src, i) and items and not isinstance(items[-1], Blank):
                items.append(Blank())
            i += 1
            line += 1
            continue
        if c.isspace():
            i += 1
            continue
        if src.startswith("/*", i):
            end = src.index("*/", i) + 2
            items.append(Comment(src[i:end], line))
            line += src.count("\n", i, end)
            i = end
            continue
        if src.startswith("//", i):
            end = src.find("\n", i)
            items.append(Comment(src[i:end], line))
            i = end
            continue
        if c == "#":
            end = i
            while True:
                nl = src.find("\n", end)
                if nl < 0:
                    nl = n
                if src[end:nl].rstrip().endswith("\\"):
                    end = nl + 1
                    continue
                break
            text = src[i:nl]
            trailing = None
            m = re.search(r"/\*\*<(.*?)\*/\s*$", text)
            if m:
                trailing = m.group(1).strip()
                text = text[:m.start()].rstrip()
            items.append(Pre(text, line, trailing))
            line += src.count("\n", i, nl)
            i = nl
            continue
        # code: up to a ';' outside braces and parentheses (comments inside kept)
        start, depth = i, 0
        while i < n:
            if src.startswith("/*", i):
                e = src.index("*/", i) + 2
                i = e
                continue
            ch = src[i]
            if ch in "({":
                if ch == "{" and depth == 0 and src[start:i].strip().startswith("extern"):
                    i += 1
                    break
                depth += 1
            elif ch in ")}":
                if depth == 0:  # closing brace of extern "C"
                    i += 1
                    break
                depth -= 1
            elif ch == ";" and depth == 0:
                i += 1
                break
            i += 1
        text = src[start:i]
        items.append(Code(text, line))
        line += text.count("\n")
    return items


def _line_blank(src, i):
    """True when the line ending at index i (a newline) holds only whitespace."""
    j = src.rfind("\n", 0, i)
    return src[j + 1:i].strip() == ""


def comment_lines(text):
    """The lines of a comment without its markers and common indentation."""
    body = text
    if body.startswith("//"):
        return [body[2:].strip()]
    body = re.sub(r"^/\*\*?<?", "", body)
    body = re.sub(r"\*/$", "", body)
    lines = body.split("\n")
    out = []
    for k, ln in enumerate(lines):
        s = ln.rstrip()
        m = re.match(r"^\s*\* ?", s)
        if k > 0 and m:
            s = s[m.end():]
        elif k > 0:
            s = s.strip()
        out.append(s)
    while out and not out[0].strip():
        out.pop(0)
    while out and not out[-1].strip():
        out.pop()
    if out:
        out[0] = out[0].strip()
    ind = [len(s) - len(s.lstrip()) for s in out[1:] if s.strip()]
    common = min(ind) if ind else 0
    if common and all(not s.strip() or s.startswith(" " * common) for s in out[1:]):
        out = [out[0]] + [s[common:] for s in out[1:]]
    return out


_INLINE = re.compile(r"`([^`\n]+)`")


def escape(text):
    """Plain text as reStructuredText: special characters escaped, `x` as ``x``."""
    parts = []
    pos = 0
    for m in _INLINE.finditer(text):
        parts.append(_esc(text[pos:m.start()]))
        code = m.group(1)
        if code.strip() == code and "``" not in code:
            parts.append("\\ ``" + code + "``\\ ")
        else:
            parts.append(_esc(m.group(0)))
        pos = m.end()
    parts.append(_esc(text[pos:]))
    return "".join(parts)


def _esc(s):
    return re.sub(r"([\\*`_|\[\]<>])", r"\\\1", s)


_LISTY = re.compile(r"^(\s|[-*+] |\d+[.)] |[=\-~^#+]{3,}$|>>>|\.\. |:\w)")


def render_text(lines, indent=""):
    """Comment lines as rst paragraphs (plain) or literal blocks (laid out)."""
    paras, cur = [], []
    for ln in lines:
        if ln.strip():
            cur.append(ln)
        elif cur:
            paras.append(cur)
            cur = []
    if cur:
        paras.append(cur)
    out = []
    for p in paras:
        laid_out = any(_LISTY.match(s) for s in p) or any("  " in s.strip() for s in p)
        if laid_out:
            out.append(indent + "::")
            out.append("")
            out.extend(indent + "   " + s for s in p)
        else:
            out.extend(indent + escape(s) for s in p)
        out.append("")
    return out


def one_line(code):
    """A declaration as one line: comments removed, whitespace collapsed."""
    code = re.sub(r"/\*.*?\*/", " ", code, flags=re.S)
    code = re.sub(r"\s+", " ", code).strip()
    return code.rstrip(";").strip()


def code_block(text, indent):
    lines = text.strip("\n").split("\n")
    out = [indent + ".. code-block:: c", ""]
    out += [indent + "   " + s.rstrip() for s in lines]
    out.append("")
    return out


def slug(title):
    s = re.sub(r"\(.*?\)", "", title).split(",")[0].lower()
    s = re.sub(r"[^a-z0-9]+", "_", s).strip("_")
    return s


def parse(src):
    """Pages: list of (slug, title, [entries]); entries are ('heading', t) /
    ('prose', lines) / ('function'|'type'|'macro', name, signature, raw, doc_lines)."""
    items = scan(src)
    pages = [["basics", "Basics", []]]
    seen_macros = set()
    pending = None  # a comment that may document the next declaration
    k = 0

    def flush():
        nonlocal pending
        if pending is not None:
            lines = comment_lines(pending.text)
            if lines:
                pages[-1][2].append(("prose", lines))
            pending = None

    first_comment = True
    while k < len(items):
        it = items[k]
        if isinstance(it, Blank):
            flush()
            k += 1
            continue
        if isinstance(it, Comment):
            t = it.text
            if first_comment:  # the file's head comment: the C API index page's text
                first_comment = False
                pages.insert(0, ["_head", "", [("prose", comment_lines(t))]])
                k += 1
                continue
            if re.fullmatch(r"/\* =+ \*/", t.strip()):
                # /* ==== */ /* Title */ /* ==== */
                flush()
                title = comment_lines(items[k + 1].text)[0].strip()
                pages.append([slug(title), title, []])
                k += 3
                continue
            if re.fullmatch(r"/\* -+ \*/", t.strip()):
                flush()
                title = comment_lines(items[k + 1].text)[0].strip()
                pages[-1][2].append(("heading", title))
                k += 3
                continue
            m = re.fullmatch(r"/\* -{3,} (.*?) -*\s*\*/", t.strip())
            if m:
                flush()
                pages[-1][2].append(("heading", m.group(1).strip()))
                k += 1
                continue
            if re.fullmatch(r"/\* end: .* \*/", t.strip()) or t.strip().startswith("/* NAN"):
                k += 1
                continue
            flush()
            pending = it
            k += 1
            continue
        # Only a /** doc comment */ documents the declaration below it; a plain
        # /* comment */ (a section's text) stays prose in front of it.
        if pending is not None and not pending.text.startswith("/**"):
            flush()
        doc = comment_lines(pending.text) if pending is not None else []
        pending = None
        if isinstance(it, Pre):
            m = re.match(r"#\s*define\s+(\w+)(\([^)]*\))?", it.text)
            if m and m.group(1) not in SKIP_MACROS and m.group(1) not in seen_macros:
                name = m.group(1)
                seen_macros.add(name)
                sig = name + (m.group(2) or "")
                if it.trailing:
                    doc = doc + [it.trailing] if doc else [it.trailing]
                pages[-1][2].append(("macro", name, sig, it.text, doc))
            elif doc:
                pages[-1][2].append(("prose", doc))
            k += 1
            continue
        code = it.text
        flat = one_line(code)
        # forward declarations (struct x;) are documented where the type is defined
        if not flat or flat in ("}",) or flat.startswith("extern") or re.fullmatch(r"struct \w+;?", flat):
            k += 1
            continue
        if flat.startswith("typedef"):
            m = re.search(r"\(\s*\*\s*(\w+)\s*\)", flat) if "{" not in flat else None
            name = m.group(1) if m else re.search(r"(\w+)\s*$", flat).group(1)
            pages[-1][2].append(("type", name, name, code, doc))
        elif "CSAT_API" in flat and "(" in flat:
            name = re.search(r"(\w+)\s*\(", re.sub(r"CSAT_DEPRECATED\(\"[^\"]*\"\)", "", flat)).group(1)
            pages[-1][2].append(("function", name, flat, code, doc))
        else:
            raise SystemExit(f"gen_c_api.py: line {it.line}: cannot read {flat[:60]!r}")
        k += 1
    flush()
    return pages


def write_pages(pages, outdir):
    head = pages[0][2][0][1]
    pages = [p for p in pages[1:] if p[2]]
    files = {}
    index = [".. This file is generated by docs/gen_c_api.py from include/csat.h; do not edit.",
             "", ".. _c-api:", "", "C API reference", "===============", "",
             "Generated from the comments of ``include/csat.h``, the one public header, in "
             "header order: one page per section of the header. The header's opening "
             "comment, word for word:", ""]
    index += render_text(head)
    index += [".. toctree::", "   :maxdepth: 2", ""]
    for slug_, title, entries in pages:
        index.append(f"   {slug_}")
        out = [".. This file is generated by docs/gen_c_api.py from include/csat.h; do not edit.",
               "", f".. _c-api-{slug_.replace('_', '-')}:", "", title, "=" * len(title), ""]
        if slug_ in PAGE_INTRO:
            out += [PAGE_INTRO[slug_], ""]
        for e in entries:
            kind = e[0]
            if kind == "heading":
                out += [escape(e[1]), "-" * len(escape(e[1])), ""]
            elif kind == "prose":
                out += render_text(e[1])
            else:
                _, name, sig, raw, doc = e
                directive = {"function": "c:function", "type": "c:type", "macro": "c:macro"}[kind]
                out += [f".. {directive}:: {sig}", ""]
                if kind != "function":
                    out += code_block(raw, "   ")
                out += render_text(doc, "   ") if doc else []
        files[slug_] = out
    files["index"] = index
    write_tree(outdir, files)


def write_tree(outdir, files):
    """Write {name: lines} as outdir/<name>.rst and remove the folder's other .rst files."""
    os.makedirs(outdir, exist_ok=True)
    for name, lines in files.items():
        write_if_changed(os.path.join(outdir, name + ".rst"), lines)
    for f in os.listdir(outdir):
        if f.endswith(".rst") and f[:-4] not in files:
            os.remove(os.path.join(outdir, f))


def write_if_changed(path, lines):
    """Write the lines to path unless it already holds them (Sphinx re-reads changed files only)."""
    text = "\n".join(lines).rstrip() + "\n"
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return  # unchanged: keep the timestamp so Sphinx need not re-read it
    except FileNotFoundError:
        pass
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def api_functions(src):
    """Names of every CSAT_API function of the header (for the coverage check)."""
    names = []
    for _, _, entries in parse(src)[1:]:
        names += [e[1] for e in entries if e[0] == "function"]
    return names


def main(argv):
    header = argv[1] if len(argv) > 1 else os.path.join(HERE, "..", "include", "csat.h")
    outdir = argv[2] if len(argv) > 2 else os.path.join(HERE, "c_api")
    with open(header, encoding="utf-8") as f:
        src = f.read()
    write_pages(parse(src), outdir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
