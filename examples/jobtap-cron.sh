#!/bin/sh
# Runs jobtap's saved searches from cron: a known PATH, one log, and a note in the log for
# the exit codes worth a look. Exit 5 (another run still going, or the master sheet open
# in LibreOffice or Excel; the log says which) is not an error here: the next run catches up.
PATH="$HOME/.cargo/bin:/usr/local/bin:/usr/bin:/bin"
LOG="$HOME/jobs/jobtap.log"
mkdir -p "$HOME/jobs"
jobtap run --quiet --log-file "$LOG" "$@"
code=$?
case $code in
  0|5) exit 0 ;;
  3) echo "$(date -u +%FT%TZ) some sources failed (see above)" >>"$LOG"; exit 0 ;;
  *) echo "$(date -u +%FT%TZ) jobtap run exited $code" >>"$LOG"; exit "$code" ;;
esac
