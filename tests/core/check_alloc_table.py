#!/usr/bin/env python3
"""Checks that every allocating public function is in the allocation sweep.

tests/core/test_alloc_sweep.c fails each allocation in turn for every public
function that allocates. Its table names them (one `ALLOC_CASE(csat_name, ...)`
line each). This script finds the public functions that allocate and fails
when one is missing from the table, so that a new allocating function cannot
land without its sweep.

Heuristic (a call graph over src/, by name, comments and strings removed):
- a function definition is a line at column 0 starting with `{`, its name is
  the last `identifier(` of the lines before it; the body ends at the next
  `}` at column 0. Static functions are resolved in their own file first.
- a function allocates when its body names an allocation primitive
  (csat__malloc, csat__malloc_array, csat__calloc_array, csat__realloc,
  csat__handle_new) or names any function that allocates; naming counts
  as calling, so callbacks passed to the optimiser count too.
- calls through a table of operations (`ops->fit(...)`, `k->expected_cond_n(`)
  count as calls of every function some designated initializer
  `.member = function` puts in that member.
- a #define is a pseudo-function too (naming the macro names its body), and
  so is each function a macro defines with a pasted name (`NAME##_loglik`);
  an initializer `.member = NAME##_loglik` in a macro puts that function in
  the member (the BG/NBD and MBG/NBD tables are written by one macro).
The heuristic over-approximates (a function that allocates only on one path
is listed; the sweep then finds the path with suitable data). A public
function is one declared in include/csat.h.

With --list, prints the allocating public functions (and the chain that
makes each allocate) and exits 0. --self-test checks the heuristic on a
made-up source tree.

Usage: check_alloc_table.py SRC_DIR HEADER TEST_C [--list] | --self-test
"""
import os
import re
import sys

PRIMITIVES = {"csat__malloc", "csat__malloc_array", "csat__calloc_array", "csat__realloc",
              "csat__handle_new"}
IDENT = re.compile(r"\b([A-Za-z_]\w*)\b")


def strip(text):
    """Comments and string/char literals out, line structure kept."""
    def blank(m):
        s = m.group(0)
        if s.startswith(("/*", "//")):
            return re.sub(r"[^\n]", " ", s)
        return s[0] + re.sub(r"[^\n]", " ", s[1:-1]) + s[-1]
    return re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'',
                  blank, text, flags=re.S)


def definitions(path, text):
    """(name, is_static, body) for each function defined in text."""
    lines = text.split("\n")
    out = []
    start = 0  # first line of the current declaration
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("{"):
            head = "\n".join(lines[start:i])
            names = re.findall(r"\b([A-Za-z_]\w*)\s*\(", head)
            j = i + 1
            while j < len(lines) and not lines[j].startswith("}"):
                j += 1
            if names and not re.search(r"=\s*$", head.strip()):
                name = names[0] if names[0] not in ("__attribute__",) else names[-1]
                # the function's name: the first identifier followed by '('
                # that is not an attribute or a macro like CSAT__CLONES
                for n in names:
                    if n not in ("__attribute__", "target_clones", "format", "CSAT__PRINTF",
                                 "CSAT__CLONES", "CSAT_API"):
                        name = n
                        break
                static = bool(re.search(r"\bstatic\b", head))
                out.append((name, static, "\n".join(lines[i:j + 1])))
            i = j + 1
            start = i
            continue
        if line.strip() == "" or line.rstrip().endswith((";", "}")) or line.startswith("#"):
            start = i + 1
        i += 1
    return out


def macros(text):
    """(name, body) of each #define, continuation lines joined."""
    out = []
    for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)((?:[^\n]*\\\n)*[^\n]*)", text, re.M):
        out.append((m.group(1), m.group(2)))
    return out


def load(src):
    files = {}
    for root, _, names in os.walk(src):
        for f in sorted(names):
            if f.endswith((".c", ".h")):
                p = os.path.join(root, f)
                files[p] = strip(open(p, encoding="utf-8").read())
    return files


def allocating(src):
    """{function key: reason} for every function that allocates; key = (file, name)
    for statics and (None, name) for the others."""
    files = load(src)
    defs = {}      # key -> body
    by_file = {}   # file -> {name: key}
    globals_ = {}  # name -> key
    members = {}   # member name -> set of function names put in it
    for path, text in files.items():
        for name, static, body in definitions(path, text):
            key = (path, name) if static else (None, name)
            defs[key] = body
            by_file.setdefault(path, {})[name] = key
            if not static:
                globals_[name] = key
        for member, fn in re.findall(r"\.\s*([A-Za-z_]\w*)\s*=\s*&?\s*([A-Za-z_]\w*)(?!\s*#)", text):
            members.setdefault(member, set()).add((path, fn))
        for name, body in macros(text):
            key = (path, name)
            defs[key] = body
            by_file.setdefault(path, {})[name] = key
            # functions the macro defines with a pasted name (NAME##_loglik),
            # each its own pseudo-function "##_loglik"
            for m in re.finditer(r"##\s*(\w+)\s*\([^;{}]*\)[\s\\]*\{", body):
                depth, j = 1, m.end()
                while j < len(body) and depth:
                    depth += {"{": 1, "}": -1}.get(body[j], 0)
                    j += 1
                sub = (path, "##" + m.group(1))
                defs[sub] = body[m.end():j]
                by_file[path]["##" + m.group(1)] = sub
            for member, suffix in re.findall(r"\.\s*([A-Za-z_]\w*)\s*=\s*&?\s*[A-Za-z_]\w*\s*##\s*(\w+)", body):
                members.setdefault(member, set()).add((path, "##" + suffix))

    def resolve(path, name):
        return by_file.get(path, {}).get(name) or globals_.get(name)

    file_of = {}
    for path, names in by_file.items():
        for key in names.values():
            file_of[key] = path
    edges = {}
    for key, body in defs.items():
        path = file_of[key]
        targets = set()
        for name in set(IDENT.findall(body)):
            if name in PRIMITIVES:
                targets.add(("prim", name))
            else:
                k = resolve(path, name)
                if k and k != key:
                    targets.add(k)
        for member in set(re.findall(r"(?:->|\.)\s*([A-Za-z_]\w*)\s*\(", body)):
            for mpath, fn in members.get(member, ()):
                k = resolve(mpath, fn)
                if k:
                    targets.add(k)
        edges[key] = targets

    reason = {}
    changed = True
    while changed:
        changed = False
        for key, targets in edges.items():
            if key in reason:
                continue
            for t in sorted(targets, key=str):
                if t[0] == "prim":
                    reason[key] = [t[1]]
                    break
                if t in reason:
                    reason[key] = [t[1]] + reason[t]
                    break
            if key in reason:
                changed = True
    return reason


def public(header):
    text = re.sub(r"/\*.*?\*/", "", open(header, encoding="utf-8").read(), flags=re.S)
    return {n for n in re.findall(r"\b(csat_[a-z0-9_]+)\s*\(", text) if not n.endswith("_INIT")}


def table(test_c):
    text = re.sub(r"/\*.*?\*/|//[^\n]*", "", open(test_c, encoding="utf-8").read(), flags=re.S)
    return set(re.findall(r"\bALLOC_CASE(?:_RTOL)?\(\s*(csat_[a-z0-9_]+)", text))


SELF_TEST = {
    "a/alloc.c": """
void *csat__malloc(const csat_allocator *a, size_t n)
{
    return a->malloc_fn(n, a->user);
}
""",
    "a/helpers.c": """
/* a static helper that allocates, in a file of its own */
static double *scratch(const csat_allocator *a, size_t n)
{
    return csat__malloc(a, n); /* csat__free(a, p) is not an allocation */
}

double csat__kernel(const csat_allocator *a)
{
    double *s = scratch(a, 8);
    return s ? 1.0 : 0.0;
}

/* same name as a static in other.c: resolved per file */
static int local(void)
{
    return 0;
}
""",
    "a/other.c": """
static int local(const csat_allocator *a)
{
    return csat__kernel(a) > 0;
}

csat_status csat_uses_local(const csat_allocator *a)
{
    return local(a) ? CSAT_OK : CSAT_ENOMEM;
}

csat_status csat_pure(double x, double *out)
{
    /* "csat__malloc" in a comment or a string does not count */
    const char *s = "csat__malloc";
    *out = x + (s != 0);
    return CSAT_OK;
}
""",
    "a/ops.c": """
static void many(const csat_allocator *a)
{
    (void)csat__malloc(a, 1);
}

#define TABLE(NAME) \
    static void NAME##_batch(const csat_allocator *a) \
    { \
        many(a); \
    } \
    const ops NAME##_ops = { \
        .batch = NAME##_batch, \
        .plain = NAME##_plain, \
    };

static const ops direct = {.single = many};

csat_status csat_via_table(const ops *o, const csat_allocator *a)
{
    o->batch(a);
    return CSAT_OK;
}

csat_status csat_via_direct(const ops *o, const csat_allocator *a)
{
    o->single(a);
    return CSAT_OK;
}

csat_status csat_via_plain(const ops *o)
{
    o->plain();
    return CSAT_OK;
}
""",
}
SELF_TEST_HEADER = """
CSAT_API csat_status csat_uses_local(const csat_allocator *a);
CSAT_API csat_status csat_pure(double x, double *out);
CSAT_API csat_status csat_via_table(const ops *o, const csat_allocator *a);
CSAT_API csat_status csat_via_direct(const ops *o, const csat_allocator *a);
CSAT_API csat_status csat_via_plain(const ops *o);
"""


def self_test():
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        for name, text in SELF_TEST.items():
            os.makedirs(os.path.join(d, os.path.dirname(name)), exist_ok=True)
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)
        header = os.path.join(d, "csat.h")
        with open(header, "w", encoding="utf-8") as f:
            f.write(SELF_TEST_HEADER)
        api = public(header)
        found = {k[1] for k in allocating(os.path.join(d, "a")) if k[0] is None and k[1] in api}
    want = {"csat_uses_local", "csat_via_table", "csat_via_direct"}
    if found != want:
        print(f"self-test failed: found {sorted(found)}, expected {sorted(want)}")
        return 1
    print("self-test passed")
    return 0


def main(argv):
    if "--self-test" in argv:
        return self_test()
    args = [a for a in argv[1:] if not a.startswith("--")]
    if len(args) != 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    src, header, test_c = args
    api = public(header)
    reason = allocating(src)
    alloc = {key[1]: r for key, r in reason.items() if key[0] is None and key[1] in api}
    if "--list" in argv:
        for name in sorted(alloc):
            print(f"{name}: " + " -> ".join(alloc[name]))
        print(f"{len(alloc)} of {len(api)} public functions allocate")
        return 0
    listed = table(test_c)
    missing = sorted(set(alloc) - listed)
    unknown = sorted(listed - api)
    for name in missing:
        print(f"allocates but is not in the sweep's table: {name} (via " + " -> ".join(alloc[name]) + ")")
    for name in unknown:
        print(f"in the sweep's table but not a public function: {name}")
    extra = sorted(listed & api - set(alloc))
    for name in extra:
        print(f"note: in the table, but the heuristic finds no allocation: {name}")
    print(f"{len(alloc)} allocating public functions, {len(listed)} in the table, {len(missing)} missing")
    return 1 if missing or unknown else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
