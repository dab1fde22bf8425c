# Reference reader for dbmate migrations (scripts/compat): cuts one section out of a file
# the way amacneil/dbmate pkg/dbmate/migration.go does, so that the reference sends exactly
# what dbmate sends: the whole section as one Exec, in a transaction unless the marker says
# "transaction:false".
#
#   awk -v dir=up|down -v out=DIR -f dbmate.awk FILE
#
# Writes DIR/0001.sql (the section, marker line included, as dbmate keeps it), DIR/mode
# ("tx" or "autocommit") and prints 1. A file dbmate refuses is refused here too (exit 1).
#
# dbmate's rules, reproduced:
# - a marker is a line matching ^--\s*migrate:(up|down)(\s*$|\s+\S+); options follow it as
#   key:value words;
# - the up section runs from the up marker to the down marker, the down section from the
#   down marker to the end; both markers are required, up first;
# - only blank and comment lines may come before the up marker.
# dbmate also accepts several up/down pairs in one file; no project of the corpus uses that,
# and this reader refuses it rather than guess its semantics.

function fail(msg) {
  printf "%s:%d: %s\n", FILENAME, FNR, msg > "/dev/stderr"
  failed = 1
  exit 1
}

# dbmate's Transaction(): true unless the marker line has the option transaction:false.
function transactional(marker,    rest, n, w, i) {
  rest = marker
  sub(/^--[ \t\r\f\v]*migrate:(up|down)/, "", rest)
  n = split(rest, w, /[ \t\r\n\f\v]+/)
  for (i = 1; i <= n; i++) {
    if (w[i] == "transaction:false") return 0
  }
  return 1
}

BEGIN {
  if (dir != "up" && dir != "down") { print "dbmate.awk: dir must be up or down" > "/dev/stderr"; exit 2 }
  section = ""
  text = ""
}

{
  line = $0
  if (line ~ /^--[ \t\r\f\v]*migrate:up([ \t\r\f\v]*$|[ \t\r\f\v]+[^ \t\r\f\v])/) {
    if (ups++ > 0) fail("several -- migrate:up sections: not supported by the reference reader")
    section = "up"
    marker["up"] = line
  } else if (line ~ /^--[ \t\r\f\v]*migrate:down([ \t\r\f\v]*$|[ \t\r\f\v]+[^ \t\r\f\v])/) {
    if (section != "up") fail("dbmate requires '-- migrate:up' to appear before '-- migrate:down'")
    if (downs++ > 0) fail("dbmate requires every '-- migrate:down' to be preceded by a '-- migrate:up'")
    section = "down"
    marker["down"] = line
  } else if (section == "" && line !~ /^[ \t\r\f\v]*$/ && line !~ /^[ \t\r\f\v]*--/) {
    fail("dbmate does not support statements preceding the '-- migrate:up' block")
  }
  if (section == dir) text = text line "\n"
}

END {
  if (failed) exit 1
  if (!ups) fail("dbmate requires each migration to define an up block with '-- migrate:up'")
  if (!downs) fail("dbmate requires each migration to define a down block with '-- migrate:down'")
  f = out "/0001.sql"
  printf "%s", text > f
  close(f)
  f = out "/mode"
  print (transactional(marker[dir]) ? "tx" : "autocommit") > f
  close(f)
  print 1
}
