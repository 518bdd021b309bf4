#!/usr/bin/env bash
# `make test`: the whole suite, in two pytest processes at once.
#
# The tests marked `matrix` run the real toolchains (tsc, vitest, cdk synth, jsii) two projects at a time; most
# of the others (Django views, the engine, fuzzing, the browser) keep one core busy. Run one after the other, the
# second core idles through the second kind; run side by side, both cores work the whole time. Each process gets
# its own temporary folder. The matrix tests touch neither the database nor the broker, so the two never share one.
#
# With arguments (`make test ARGS="-k name"`, or CI's `-m services` pass), a single pytest run takes them as given.
set -uo pipefail
cd "$(dirname "$0")/.."

PYTEST=${PYTEST:-.venv/bin/pytest}
if [ "$#" -gt 0 ]; then
    exec "$PYTEST" "$@"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/designer-test-XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "make test: the matrix tests (real toolchains) run beside the rest; their report follows the rest's."
started=$SECONDS
(
    "$PYTEST" -m matrix -p no:cacheprovider --durations=15 --basetemp "$work/matrix" >"$work/matrix.log" 2>&1
    echo "$? $((SECONDS - started))" >"$work/matrix.done"
) &
matrix_pid=$!
"$PYTEST" -m "not matrix" --durations=25 --basetemp "$work/rest"
rest_status=$?
rest_seconds=$((SECONDS - started))
wait "$matrix_pid"
read -r matrix_status matrix_seconds <"$work/matrix.done" || { matrix_status=1; matrix_seconds=$((SECONDS - started)); }

printf '\n==> the matrix tests (pytest -m matrix), run beside the others\n'
cat "$work/matrix.log"
printf '\n==> make test: the rest %s in %d s (exit %d); the matrix %s in %d s (exit %d)\n' \
    "$([ "$rest_status" = 0 ] && echo passed || echo FAILED)" "$rest_seconds" "$rest_status" \
    "$([ "$matrix_status" = 0 ] && echo passed || echo FAILED)" "$matrix_seconds" "$matrix_status"
[ "$rest_status" = 0 ] && [ "$matrix_status" = 0 ]
