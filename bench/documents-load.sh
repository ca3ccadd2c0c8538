#!/usr/bin/env bash
# Upload and download throughput of a 5 MiB photo through the API, local folder store and S3.
#
#   bench/documents-load.sh            both stores, one after the other
#   STORE=s3 bench/documents-load.sh   only one (local or s3)
#
# For each store, starts Pawkeep (io.pawkeep.bench.DocumentsLoadServer: the application, dev
# profile, clean embedded database under target/bench-data, the households of PetsLoadServer; for
# s3, an Adobe S3Mock it starts in its own JVM, C1 only, as the tests do, so S3 figures are a lower
# bound for a real S3). The server writes the benchmark photo (DocumentsBenchmarkPhoto: an 8.4 MP
# JPEG with EXIF, 5.05 MiB) and times in-process, on the application's own UploadCheck, what an
# upload costs before storing: the check (sniff, header, metadata removal) and the thumbnail.
# Then, one request at a time, WARMUP rounds not counted and ROUNDS measured, each round:
#   - POST /api/v1/pets/{petId}/photo, the photo as multipart (curl -F), as the pet's owner;
#   - GET of the downloadUrl the answer gives (/api/v1/files/{token}), the whole file.
# Times are curl's %{time_total} (connection included, on 127.0.0.1). Prints p50 and p90
# (nearest rank), MiB/s at the p50 and the endpoint's p50 over the in-process cost; the figures
# also go to target/bench-data/bench/documents-results.txt, each round's times to
# target/bench-data/documents-<store>-<upload|download>.ms. Raw cost of encrypting and storing or
# reading and decrypting the same photo: bench/jmh.sh 'StoredObjectsBenchmark'.
#
# Settings (environment): STORE (local and s3), ROUNDS (20), WARMUP (3).
# Extra Maven options go in MAVEN_ARGS, e.g. MAVEN_ARGS=-o bench/documents-load.sh for an offline
# build. Quota: each household may store 1 GiB; ROUNDS + WARMUP photos with their thumbnails must
# fit (about 200 rounds).
set -euo pipefail

cd "$(dirname "$0")/.."

stores="${STORE:-local s3}"
rounds="${ROUNDS:-20}"
warmup="${WARMUP:-3}"

command -v curl >/dev/null || { echo "$0: needs curl" >&2; exit 1; }
# shellcheck source=bench/app-server.sh
source bench/app-server.sh
# shellcheck source=bench/java-home.sh
source bench/java-home.sh
echo "Using $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1), $(curl --version | head -n 1 | cut -d' ' -f1-2)" >&2

percentile() { # p, numbers on stdin (one a line) -> the nearest-rank percentile
  sort -g | awk -v p="$1" '{ t[NR] = $1 } END { i = int(NR * p / 100 + 0.999999); if (i < 1) i = 1; print t[i] }'
}
mibs() { # bytes, milliseconds -> MiB/s
  awk -v b="$1" -v ms="$2" 'BEGIN { printf "%.1f", b / 1048576 / (ms / 1000) }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }

results=()
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
for store in $stores; do
  case "$store" in
    local) unset PAWKEEP_DOCUMENTS_STORE ;;
    s3) export PAWKEEP_DOCUMENTS_STORE=s3 ;;
    *) echo "$0: STORE is local or s3, not $store" >&2; exit 1 ;;
  esac
  export BENCH_ROUNDS="$rounds"
  rm -rf target/bench-data/objects # the local folder store's files of an earlier run
  start_server io.pawkeep.bench.DocumentsLoadServer
  read -r pet token <"$out/documents-target.tsv"
  photo="$out/photo.jpg"
  photo_bytes="$(stat -c %s "$photo")"
  auth=(-H "Authorization: Bearer $token")

  times="$data/documents-$store" # each round's milliseconds, kept after the run
  : >"$times-upload.ms"
  : >"$times-download.ms"
  echo "$store: $warmup rounds of warm-up, then $rounds measured..." >&2
  for round in $(seq $((1 - warmup)) "$rounds"); do
    up="$(curl -s -o "$out/upload.json" -w '%{http_code} %{time_total}' "${auth[@]}" \
      -F "file=@$photo;type=image/jpeg;filename=IMG_0001.JPG" "$base/api/v1/pets/$pet/photo")" ||
      { echo "$0: the upload failed" >&2; exit 1; }
    read -r status seconds <<<"$up"
    url="$(grep -o '"downloadUrl":"[^"]*"' "$out/upload.json" | cut -d'"' -f4)"
    size="$(grep -o '"size":[0-9]*' "$out/upload.json" | cut -d: -f2)"
    if [[ "$status" != 201 || -z "$url" || -z "$size" ]]; then
      echo "$0: upload answered $status: $(head -c 500 "$out/upload.json")" >&2
      exit 1
    fi
    down="$(curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}' "${auth[@]}" \
      "$base$url")" || { echo "$0: the download failed" >&2; exit 1; }
    read -r dstatus dseconds dbytes <<<"$down"
    # The stored photo is the upload without its EXIF (FILE-4): the whole of it must come back.
    if [[ "$dstatus" != 200 || "$dbytes" != "$size" ]]; then
      echo "$0: download answered $dstatus with $dbytes bytes of $size" >&2
      exit 1
    fi
    if ((round > 0)); then
      awk -v s="$seconds" 'BEGIN { printf "%.1f\n", s * 1000 }' >>"$times-upload.ms"
      awk -v s="$dseconds" 'BEGIN { printf "%.1f\n", s * 1000 }' >>"$times-download.ms"
    fi
  done
  stored_bytes="$size"
  # Each store must really be the one measured: the local folder holds the objects, or nothing.
  objects="$({ find "$data/objects" -type f 2>/dev/null || true; } | wc -l)"
  if [[ ("$store" == local && "$objects" -eq 0) || ("$store" == s3 && "$objects" -ne 0) ]]; then
    echo "$0: $objects files in $data/objects after the $store run" >&2
    exit 1
  fi

  up50="$(percentile 50 <"$times-upload.ms")"
  up90="$(percentile 90 <"$times-upload.ms")"
  down50="$(percentile 50 <"$times-download.ms")"
  down90="$(percentile 90 <"$times-download.ms")"
  check50="$(grep '^check' "$out/library.tsv" | cut -f2- | tr '\t' '\n' | percentile 50)"
  thumb50="$(grep '^thumbnail' "$out/library.tsv" | cut -f2- | tr '\t' '\n' | percentile 50)"
  inproc="$(awk -v a="$check50" -v b="$thumb50" 'BEGIN { printf "%.1f", a + b }')"
  results+=("$(printf '%-6s %-9s %9s %9s %9s %14s %12s' "$store" "upload" "$up50" "$up90" \
    "$(mibs "$photo_bytes" "$up50")" "$inproc" "$(ratio "$up50" "$inproc")")")
  results+=("$(printf '%-6s %-9s %9s %9s %9s %14s %12s' "$store" "download" "$down50" \
    "$down90" "$(mibs "$stored_bytes" "$down50")" "-" "-")")
  results+=("$(printf '%-6s in-process: check %s ms, thumbnail %s ms (p50 of %s)' "$store" \
    "$check50" "$thumb50" "$rounds")")
  stop_server
done

{
  echo "5 MiB photo ($photo_bytes bytes uploaded, $stored_bytes stored), one request at a time,"
  echo "$rounds rounds after $warmup of warm-up ($(date -u +%F))"
  printf '%-6s %-9s %9s %9s %9s %14s %12s\n' "store" "" "p50 ms" "p90 ms" "MiB/s" \
    "in-process ms" "p50/in-proc"
  printf '%s\n' "${results[@]}"
  echo "in-process = UploadCheck + thumbnail of the same photo in the server's JVM (no storing)"
  echo "load average before the run: $load_before, after: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
} | tee "$out/documents-results.txt"
