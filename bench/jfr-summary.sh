#!/usr/bin/env bash
# Where a JVM spent its time in a JFR recording, as short tables (bench/pets-load.sh PROFILE=1).
#
#   bench/jfr-summary.sh recording.jfr [top]
#
# Prints, from the recording's execution samples (jdk.ExecutionSample, Java code only; GC and the
# JIT compiler run on other threads and are not in them):
#   1. hot methods: the JDK's own view (the sampled top frame, "self" time);
#   2. parts of a request, inclusive: the share of samples whose stack passes through each part
#      (a sample counts once per part; the parts overlap, e.g. the identity check is inside JDBC);
#   3. first frame outside the JDK: for each sample, the innermost frame that is not java.*,
#      jdk.*, sun.* (who made the JDK do the work);
#   4. allocation by site (jdk.ObjectAllocationSample, weighted by bytes).
# top: how many rows of tables 1, 3 and 4 (default 15).
set -euo pipefail

file="$1"
top="${2:-15}"
jfr="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/jfr"

echo "== hot methods (top frame of each execution sample)"
"$jfr" view --width 150 hot-methods "$file" | sed -n "1,$((top + 6))p"

samples="$(mktemp)"
trap 'rm -f "$samples"' EXIT
# One line per sample: its frames separated by '|', innermost first.
"$jfr" print --stack-depth 256 --events jdk.ExecutionSample "$file" |
  awk '
    /^jdk.ExecutionSample/ { if (n) print line; line = ""; n = 1; next }
    /line:/ { f = $1; sub(/\(.*/, "", f); line = line "|" f }
    END { if (n) print line }
  ' >"$samples"
total="$(wc -l <"$samples")"
echo
echo "== parts of a request, inclusive ($total execution samples)"
# label <TAB> regular expression over one frame
parts="$(mktemp)"
trap 'rm -f "$samples" "$parts"' EXIT
cat >"$parts" <<'PARTS'
whole request (Tomcat's request processor)	^org\.apache\.coyote\.http11\.Http11Processor\.service$
  socket read/write (NIO)	^(sun\.nio\.ch\.|org\.apache\.tomcat\.util\.net\.NioEndpoint\$NioSocketWrapper\.(doWrite|fillReadBuffer|read))
  Spring Security filter chain	^org\.springframework\.security\.web\.FilterChainProxy\.doFilter$
    access token decoding (JWT)	^(org\.springframework\.security\.oauth2\.jwt\.|com\.nimbusds\.|io\.pawkeep\.security\.AccessTokenDecoder)
    request transaction (RequestTransactionFilter)	^io\.pawkeep\.security\.RequestTransactionFilter\.doFilterInternal$
      API rate limit (RateLimiter)	^io\.pawkeep\.security\.RateLimiter\.
      begin with identity check	^io\.pawkeep\.tenancy\.IdentityTransactionManager\.prepareTransactionalConnection$
      commit	^org\.springframework\.jdbc\.datasource\.DataSourceTransactionManager\.doCommit$
      response buffer copy	^org\.springframework\.web\.util\.ContentCachingResponseWrapper\.copyBodyToResponse$
  Spring MVC dispatch	^org\.springframework\.web\.servlet\.DispatcherServlet\.doDispatch$
    controller (io.pawkeep.*Controller)	^io\.pawkeep\..*Controller\.
    JSON writing (Jackson)	^(tools\.jackson|com\.fasterxml\.jackson)\.
JDBC driver (pgjdbc)	^org\.postgresql\.
connection pool (Hikari)	^com\.zaxxer\.hikari\.
observations and metrics (Micrometer)	^io\.micrometer\.
logging (Logback, SLF4J)	^(ch\.qos\.logback|org\.slf4j)\.
PARTS
awk -F'\t' -v total="$total" '
  NR == FNR { label[NR] = $1; re[NR] = $2; n = NR; next }
  {
    m = split(substr($0, 2), frames, "|")
    for (i = 1; i <= n; i++) {
      for (j = 1; j <= m; j++) if (frames[j] ~ re[i]) { hit[i]++; break }
    }
  }
  END {
    for (i = 1; i <= n; i++)
      printf "%-52s %7d %6.1f%%\n", label[i], hit[i], total ? 100 * hit[i] / total : 0
  }
' "$parts" "$samples"

echo
echo "== first frame outside the JDK (top $top)"
awk '
  {
    m = split(substr($0, 2), frames, "|")
    f = "(JDK only)"
    for (j = 1; j <= m; j++) if (frames[j] !~ /^(java|javax|jdk|sun|com\.sun)\./) { f = frames[j]; break }
    count[f]++
  }
  END { for (f in count) printf "%7d %6.1f%%  %s\n", count[f], 100 * count[f] / NR, f }
' "$samples" | sort -rn | head -n "$top"

echo
echo "== allocation by site"
"$jfr" view --width 150 allocation-by-site "$file" | sed -n "1,$((top + 6))p"
