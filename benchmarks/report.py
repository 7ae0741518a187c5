#!/usr/bin/env python3
"""Turns JMH's JSON output and the 64 MB heap runs of scripts/bench into one markdown table.

Rows are operation x message size; columns are this pack's mailet, James 3.8.1's mailet, this
pack's engine, the floor (one hash pass plus one key operation) and the ratios between them.
Bytes per operation are JMH's gc.alloc.rate.norm, less what making the test mail allocates
(the mailetSetupOnly benchmark of the same class and size).
"""

import argparse
import json
import os
import statistics
import sys

SIZES = ["2KB", "100KB", "10MB"]

# operation: (pack mailet, James mailet, engine, floor, other floor) as Class.method
ROWS = [
    ("sign rsa-sha256", ("SignBenchmark.rsaPackMailet", "SignBenchmark.rsaJamesMailet",
                         "SignBenchmark.rsaCore", "FloorBenchmark.rsaSignJdk",
                         "FloorBenchmark.rsaSignConscrypt")),
    ("sign rsa-sha256, Conscrypt in the class path",
     ("NativeSignBenchmark.rsaPackMailet", "SignBenchmark.rsaJamesMailet",
      "NativeSignBenchmark.rsaCore", "FloorBenchmark.rsaSignConscrypt",
      "FloorBenchmark.rsaSignJdk")),
    ("sign ed25519-sha256", ("SignBenchmark.ed25519PackMailet", None,
                             "SignBenchmark.ed25519Core",
                             "FloorBenchmark.ed25519SignBouncyCastle",
                             "FloorBenchmark.ed25519SignJdk")),
    ("verify rsa-sha256", ("VerifyBenchmark.rsaPackMailet", "VerifyBenchmark.rsaJamesMailet",
                           "VerifyBenchmark.rsaCore", "FloorBenchmark.rsaVerifyJdk",
                           "FloorBenchmark.rsaVerifyConscrypt")),
    ("SHA-256 of the message alone", (None, None, None, "FloorBenchmark.sha256Only", None)),
]

HEAP_SIZES_MB = [1, 4, 16, 32, 48, 64, 256, 1024]


def load_jmh(path):
    """{(Class.method, size): (microseconds, error, bytes per op or None)}."""
    results = {}
    if not os.path.exists(path):
        return results
    with open(path) as f:
        for entry in json.load(f):
            name = ".".join(entry["benchmark"].split(".")[-2:])
            size = entry.get("params", {}).get("size")
            primary = entry["primaryMetric"]
            factor = {"us/op": 1.0, "ms/op": 1000.0, "ns/op": 0.001, "s/op": 1e6}
            scale = factor.get(primary["scoreUnit"], 1.0)
            allocation = None
            for key, metric in entry.get("secondaryMetrics", {}).items():
                if key.lstrip("\u00b7") == "gc.alloc.rate.norm":
                    allocation = metric["score"]
            error = primary.get("scoreError")
            if isinstance(error, str):  # "NaN" with a single iteration
                error = None
            # The median iteration: on a shared machine a burst of other work spoils a few
            # iterations, which the mean would carry.
            iterations = [x for fork in primary.get("rawData", []) for x in fork]
            typical = statistics.median(iterations) if iterations else primary["score"]
            results[(name, size)] = (typical * scale,
                                     None if error is None else error * scale, allocation)
    return results


def time_text(microseconds):
    if microseconds is None:
        return "—"
    if microseconds >= 1000:
        return "%.2f ms" % (microseconds / 1000)
    if microseconds >= 10:
        return "%.0f µs" % microseconds
    return "%.1f µs" % microseconds


def ratio_text(numerator, denominator):
    if numerator is None or denominator is None or denominator == 0:
        return "—"
    return "%.2f" % (numerator / denominator)


def bytes_text(count):
    if count is None:
        return "—"
    if count >= 1 << 20:
        return "%.1f MB" % (count / (1 << 20))
    if count >= 1 << 10:
        return "%.0f KB" % (count / (1 << 10))
    return "%.0f B" % count


def allocation(results, benchmark, size):
    """Bytes per operation of a mailet benchmark, less the making of its test mail."""
    if benchmark is None or (benchmark, size) not in results:
        return None
    allocated = results[(benchmark, size)][2]
    if allocated is None:
        return None
    setup = results.get((benchmark.split(".")[0] + ".mailetSetupOnly", size))
    if setup is not None and setup[2] is not None:
        allocated = max(0.0, allocated - setup[2])
    return allocated


def score(results, benchmark, size):
    if benchmark is None or (benchmark, size) not in results:
        return None
    return results[(benchmark, size)][0]


def heap_rows(path):
    """{mode: (largest size in MB that succeeded or None, first failure text or None)}."""
    outcome = {}
    if not os.path.exists(path):
        return outcome
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3:
                continue
            mode, megabytes, status = parts[0], int(parts[1]), parts[2]
            largest, failure = outcome.get(mode, (None, None))
            if status == "ok":
                largest = max(largest or 0, megabytes)
            elif failure is None:
                failure = megabytes
            outcome[mode] = (largest, failure)
    return outcome


def size_mb(megabytes):
    if megabytes is None:
        return "none"
    return "%d GB" % (megabytes // 1024) if megabytes >= 1024 else "%d MB" % megabytes


def heap_text(outcome, mode):
    if mode not in outcome:
        return "—"
    largest, failure = outcome[mode]
    text = size_mb(largest)
    if failure is not None:
        text += " (%s: out of memory)" % size_mb(failure)
    elif largest == HEAP_SIZES_MB[-1]:
        text += " (largest tried)"
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jmh", required=True)
    parser.add_argument("--heap")
    parser.add_argument("--machine", default="")
    parser.add_argument("--date", default="")
    parser.add_argument("--load", default="")
    parser.add_argument("--command", default="scripts/bench")
    args = parser.parse_args()

    results = load_jmh(args.jmh)
    if not results:
        sys.exit("report.py: no JMH results in " + args.jmh)

    out = []
    out.append("Measured %s with `%s`; %s; load average %s. JMH 1.37, one fork, one thread,"
               % (args.date, args.command.strip(), args.machine, args.load))
    out.append("time per operation (median of the measured iterations). Floor: SHA-256 over the"
               " message bytes plus one key operation; RSA through the JDK (native: Conscrypt/"
               "BoringSSL, which the pack signs with when its jar is on the class path: the"
               " Conscrypt row, whose floor is Conscrypt's and whose other floor the JDK's),"
               " Ed25519 through Bouncy Castle (other: the JDK's provider). B/op: bytes"
               " allocated per operation, less the making of the test mail.")
    out.append("")
    out.append("| operation | size | pack mailet | James mailet | pack engine | floor "
               "| floor, native/other | pack ÷ James | pack ÷ floor | engine ÷ floor "
               "| pack B/op | James B/op | engine B/op |")
    out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for operation, (pack, james, engine, floor, other) in ROWS:
        for size in SIZES:
            values = [score(results, b, size) for b in (pack, james, engine, floor, other)]
            if all(v is None for v in values):
                continue
            pack_time, james_time, engine_time, floor_time, other_time = values
            out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                operation, size, time_text(pack_time), time_text(james_time),
                time_text(engine_time), time_text(floor_time), time_text(other_time),
                ratio_text(pack_time, james_time), ratio_text(pack_time, floor_time),
                ratio_text(engine_time, floor_time),
                bytes_text(allocation(results, pack, size)),
                bytes_text(allocation(results, james, size)),
                bytes_text(allocation(results, engine, size))))

    outcome = heap_rows(args.heap) if args.heap else {}
    if outcome:
        core = outcome.get("core", (None, None))
        out.append("| largest message signed with -Xmx64m | 1 MB … 1 GB | %s | %s | %s |"
                   " — | — | — | — | — | — | — | — |" % (
                       heap_text(outcome, "pack-sign"), heap_text(outcome, "james-sign"),
                       "1 GB signed and verified" if core[0] else "1 GB: failed"))
    out.append("| SMTP throughput to James, overhead of DkimSign | — | `scripts/bench"
               " --end-to-end` | — | — | — | — | — | — | — | — | — | — |")
    out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
