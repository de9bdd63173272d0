#!/bin/sh
# Guest job: the selftests, as KTAP.
exec sh /selftests/run.sh
