#!/usr/bin/env python3
"""What one Spark process cost besides time, from the two logs bench/pipeline-lib.sh asks it to write.

Usage: spark_metrics.py GC_LOG EVENT_LOG_DIR
Prints one tab-separated line: peak heap used (MiB, the largest heap before a collection), peak live heap (MiB,
the largest heap after one), memory spill, disk spill, shuffle written, shuffle read, input and output bytes
(summed over every task of the event log's SparkListenerTaskEnd events). A missing log gives "-" for its fields.
"""
import json
import os
import re
import sys

# -Xlog:gc lines: "[1.234s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 512M->96M(4096M) 8.1ms"
HEAP = re.compile(r"(\d+)([KMG])->(\d+)([KMG])\((\d+)([KMG])\)")
UNIT = {"K": 1 / 1024, "M": 1, "G": 1024}


def heap(path):
    used = live = None
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = HEAP.search(line)
                if m:
                    before = int(m.group(1)) * UNIT[m.group(2)]
                    after = int(m.group(3)) * UNIT[m.group(4)]
                    used = before if used is None else max(used, before)
                    live = after if live is None else max(live, after)
    except OSError:
        pass
    return used, live


def tasks(directory):
    sums = dict.fromkeys(("mem_spill", "disk_spill", "shuffle_write", "shuffle_read", "input", "output"), 0)
    found = False
    if not os.path.isdir(directory):
        return None
    # Spark 4 writes rolling logs: a folder per application holding events_<n>_<app> files.
    paths = sorted(os.path.join(d, n) for d, _, names in os.walk(directory) for n in names if n.startswith("events"))
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                if '"SparkListenerTaskEnd"' not in line:
                    continue
                found = True
                m = json.loads(line).get("Task Metrics") or {}
                sums["mem_spill"] += m.get("Memory Bytes Spilled", 0)
                sums["disk_spill"] += m.get("Disk Bytes Spilled", 0)
                sums["shuffle_write"] += (m.get("Shuffle Write Metrics") or {}).get("Shuffle Bytes Written", 0)
                read = m.get("Shuffle Read Metrics") or {}
                sums["shuffle_read"] += read.get("Remote Bytes Read", 0) + read.get("Local Bytes Read", 0)
                sums["input"] += (m.get("Input Metrics") or {}).get("Bytes Read", 0)
                sums["output"] += (m.get("Output Metrics") or {}).get("Bytes Written", 0)
    return sums if found else None


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    used, live = heap(sys.argv[1])
    sums = tasks(sys.argv[2])
    fields = ["-" if used is None else "%.0f" % used, "-" if live is None else "%.0f" % live]
    keys = ("mem_spill", "disk_spill", "shuffle_write", "shuffle_read", "input", "output")
    fields += ["-"] * len(keys) if sums is None else [str(sums[k]) for k in keys]
    print("\t".join(fields))


if __name__ == "__main__":
    main()
