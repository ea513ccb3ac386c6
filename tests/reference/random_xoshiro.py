#!/usr/bin/env python3
"""Reference values for src/numerics/random.c (tests/numerics/test_random.c).

An independent implementation, in Python integers, of the generator as
random.h specifies it: splitmix64 (Steele, Lea & Flood 2014; the constants of
Vigna's splitmix64.c) seeds xoshiro256** (Blackman & Vigna 2018, the
reference xoshiro256starstar.c) from (seed, stream); uniforms are
((next >> 11) + 1) / 2^53. Prints the C initialisers pasted into the test.
"""
M = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & M
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
    return state, z ^ (z >> 31)


def seeded(seed, stream):
    x, a = splitmix64(seed)
    y, b = splitmix64(stream ^ 0x6A09E667F3BCC909)
    k = a ^ b
    s = []
    for _ in range(4):
        k, v = splitmix64(k)
        s.append(v)
    if not any(s):
        s[0] = 1
    return s


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M


def nxt(s):
    result = (rotl((s[1] * 5) & M, 7) * 9) & M
    t = (s[1] << 17) & M
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 45)
    return result


CASES = [(0, 0), (42, 7), (2**64 - 1, 2**63 + 5)]

if __name__ == "__main__":
    print("/* tests/reference/random_xoshiro.py: first 5 outputs of (seed, stream) */")
    print("static const struct { uint64_t seed, stream, out[5]; } xoshiro_ref[] = {")
    for seed, stream in CASES:
        s = seeded(seed, stream)
        outs = [nxt(s) for _ in range(5)]
        print("    {%#xULL, %#xULL, {%s}}," % (seed, stream, ", ".join("%#xULL" % o for o in outs)))
    print("};")
    s = seeded(42, 7)
    u = [((nxt(s) >> 11) + 1) / 2**53 for _ in range(3)]
    print("static const double unif_ref[3] = {%s}; /* (42, 7) */" % ", ".join(repr(v) for v in u))
