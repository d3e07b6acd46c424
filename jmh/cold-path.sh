#!/usr/bin/env bash
# Cold path: what a short-lived process pays (the quick start, a CLI run, a serverless function).
# Runs samples' ColdPath (open a local warehouse, create a table, append ROWS rows, read them all
# back, exit) in a fresh JVM, and the same steps repeated in one JVM (warm), alternating, ROUNDS
# times; prints each round and the medians: whole-process wall time of the fresh JVM (start to
# exit, /usr/bin/time), its CPU time and peak RSS, the warm in-JVM time of the same steps (median
# of runs 4-6 of one JVM) and the ratio cold wall / warm.
#
# usage: jmh/cold-path.sh [rounds] [rows] [rows|arrow] [none|category]
# env:   JAVA (default java), FLAGS (extra JVM flags for both runs),
#        CDS=1 (train and use an application class-data sharing archive: the fresh JVM gets
#               -XX:SharedArchiveFile; on JDK 25 with AOT=1 an AOT cache instead)
# Build first: mvn -B -q -pl samples -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
rows=${2:-1000000}
writer=${3:-arrow}
partition=${4:-none}
java=${JAVA:-java}
flags=(--add-opens=java.base/java.nio=ALL-UNNAMED ${FLAGS:-})
work=$(mktemp -d /tmp/floe-cold.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Jars only (class-data sharing refuses directories): the modules' jars from target/, the rest
# from the local Maven repository.
mvn -B -q -o -pl samples dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile="$work/deps.txt" >/dev/null
cp=$(ls samples/target/floe-samples-*.jar | grep -v -e sources -e javadoc | head -1)
for dep in $(tr ':' '\n' <"$work/deps.txt"); do
  if [[ $dep == */io/floe/floe-* ]]; then
    module=$(basename "$dep" | sed -E 's/^floe-(.*)-[0-9].*$/\1/')
    dep=$(ls "$module"/target/floe-"$module"-*.jar | grep -v -e sources -e javadoc | head -1)
  fi
  cp="$cp:$dep"
done

cold_flags=("${flags[@]}")
if [[ ${CDS:-0} == 1 ]]; then
  if [[ ${AOT:-0} == 1 ]]; then
    "$java" "${flags[@]}" -XX:AOTCacheOutput="$work/floe.aot" -cp "$cp" \
      io.floe.samples.ColdPath "$work/train" 100000 "$writer" "$partition" 2 >/dev/null
    cold_flags+=(-XX:AOTCache="$work/floe.aot")
  else
    "$java" "${flags[@]}" -XX:ArchiveClassesAtExit="$work/floe.jsa" -cp "$cp" \
      io.floe.samples.ColdPath "$work/train" 100000 "$writer" "$partition" 2 >/dev/null
    cold_flags+=(-XX:SharedArchiveFile="$work/floe.jsa")
  fi
fi

echo "$(date -u +%FT%TZ) $("$java" -version 2>&1 | head -1); rows=$rows writer=$writer partition=$partition"
echo "cold flags: ${cold_flags[*]}"
printf '%-6s %10s %10s %10s %10s %8s  %s\n' round cold_wall cold_cpu rss_MiB warm ratio load
results=()
for ((r = 1; r <= rounds; r++)); do
  /usr/bin/time -o "$work/time" -f '%e %U %S %M' \
    "$java" "${cold_flags[@]}" -cp "$cp" io.floe.samples.ColdPath "$work/wh" "$rows" "$writer" \
    "$partition" 1 >"$work/cold.out"
  read -r wall user sys rss <"$work/time"
  "$java" "${flags[@]}" -cp "$cp" io.floe.samples.ColdPath "$work/wh" "$rows" "$writer" \
    "$partition" 6 >"$work/warm.out"
  warm=$(sed -n 's/^run [456]: .* total \([0-9]*\) ms.*/\1/p' "$work/warm.out" | sort -n | sed -n 2p)
  cpu=$(echo "$user + $sys" | bc)
  ratio=$(echo "scale=2; $wall * 1000 / $warm" | bc)
  load=$(cut -d' ' -f1 /proc/loadavg)
  printf '%-6s %9ss %9ss %10d %8sms %7sx  %s\n' "$r" "$wall" "$cpu" $((rss / 1024)) "$warm" "$ratio" "$load"
  results+=("$wall $cpu $((rss / 1024)) $warm $ratio")
done
median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
printf 'median %9ss %9ss %10s %8sms %7sx\n' \
  "$(printf '%s\n' "${results[@]}" | cut -d' ' -f1 | median)" \
  "$(printf '%s\n' "${results[@]}" | cut -d' ' -f2 | median)" \
  "$(printf '%s\n' "${results[@]}" | cut -d' ' -f3 | median)" \
  "$(printf '%s\n' "${results[@]}" | cut -d' ' -f4 | median)" \
  "$(printf '%s\n' "${results[@]}" | cut -d' ' -f5 | median)"
