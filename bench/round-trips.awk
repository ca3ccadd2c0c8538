# Names the database round trips in an strace of PostgreSQL backends (bench/pets-load.sh PROFILE=1):
# one line per message batch a backend received, "pid<TAB>what it carried": the SQL of each
# statement parsed (BEGIN travels with the statement after it), or the name of a statement prepared
# earlier on that connection (S_1...: pgjdbc prepares a statement once it ran prepareThreshold
# times on a connection, COMMIT among them).
/recvfrom\([0-9]+, "/ {
  pid = $1
  s = $0
  sub(/^[0-9]+ +recvfrom\([0-9]+, "/, "", s)
  sub(/"(\.\.\.)?, [0-9]+, [0-9]+, NULL, NULL\) = [0-9]+$/, "", s)
  gsub(/\\[0-7][0-7]?[0-7]?|\\[ntrvf"\\]/, "\001", s)
  n = split(s, parts, "\001")
  what = ""
  for (i = 1; i <= n; i++)
    if (parts[i] ~ /^(BEGIN|COMMIT|ROLLBACK|S_[0-9]+)$/ || parts[i] ~ /^(select|insert|update|delete|with|set|show) /)
      what = what (what == "" ? "" : "; ") substr(parts[i], 1, 110)
  if (what == "")
    what = (s ~ /^Q\001+$/ ? "(empty query: the pool checking a connection idle for 0.5 s)" : "(other) " substr(s, 1, 60))
  print pid "\t" what
}
